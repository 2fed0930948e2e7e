// Each worker fills a map made for it in its loop iteration and handed to
// it as an argument; the maps are also kept in a slice, which main reads
// after every worker is done. The slice holds many maps, one a worker, so
// the workers never share one.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

func main() {
	const workers = 4
	found := make([]map[int]bool, workers)
	var wg sync.WaitGroup
	for i := range workers {
		seen := make(map[int]bool)
		found[i] = seen
		wg.Add(1)
		go func(seen map[int]bool) {
			defer wg.Done()
			for len(seen) < 100 {
				seen[len(seen)*workers+i] = true
			}
		}(seen)
	}
	wg.Wait()
	total := 0
	for _, seen := range found {
		total += len(seen)
	}
	fmt.Println(total)
}
