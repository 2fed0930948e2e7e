// The loaders of inst_elemarg, but twice as many as regions: loader i
// and loader i+4 are both handed &regions[i%4] and write its map at once.
//
// want shared "corpus/src/inst_elemarg_racy.region.sizes"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type region struct {
	name  string
	sizes map[string]int
}

func main() {
	regions := make([]region, 4)
	for i := range regions {
		regions[i] = region{name: fmt.Sprint("r", i), sizes: map[string]int{}}
	}
	var wg sync.WaitGroup
	for i := range 2 * len(regions) {
		wg.Add(1)
		go func(r *region, id int) {
			defer wg.Done()
			for k := range 2000 {
				if k%len(regions) == id%len(regions) {
					r.sizes[fmt.Sprint("obj", k%50)] += k
				}
			}
		}(&regions[i%len(regions)], i)
	}
	wg.Wait()
	for _, r := range regions {
		fmt.Println(r.name, len(r.sizes))
	}
}
