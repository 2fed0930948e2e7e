// Loaders started in a loop, each handed the region it fills by address
// (&regions[i], i the loop's index): every loader writes the map of its
// own region. The literal also reads len(regions), which hands it the
// whole slice but touches no map.
//
// want none
// verified: go run -race reports no race (10 runs)
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
	for i := range regions {
		wg.Add(1)
		go func(r *region, id int) {
			defer wg.Done()
			for k := range 2000 {
				if k%len(regions) == id {
					r.sizes[fmt.Sprint("obj", k%50)] += k
				}
			}
		}(&regions[i], i)
	}
	wg.Wait()
	for _, r := range regions {
		fmt.Println(r.name, len(r.sizes))
	}
}
