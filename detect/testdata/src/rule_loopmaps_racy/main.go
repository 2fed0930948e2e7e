// The workers of rule_loopmaps, but each also marks its progress in the
// first worker's map, found[0], which it reaches through the slice: the
// workers write one map at once.
//
// want shared "corpus/src/rule_loopmaps_racy.main.found"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

func main() {
	const workers = 4
	found := make([]map[int]bool, workers)
	for i := range workers {
		found[i] = make(map[int]bool)
	}
	var wg sync.WaitGroup
	for i := range workers {
		seen := found[i]
		wg.Add(1)
		go func(seen map[int]bool) {
			defer wg.Done()
			for len(seen) < 100 {
				seen[len(seen)*workers+i] = true
				found[0][-1-i] = true // the first worker's map
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
