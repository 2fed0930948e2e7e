// processBatch records each item and starts its workers, then waits for
// them before it returns; main calls it in a loop. The record of one batch
// never meets the workers of the last (a third review's case).
//
// want none
// verified: go run -race reports no race (5 runs)
package main

import (
	"fmt"
	"sync"
)

var seen = map[int]string{}

// processBatch records the batch and fans its items out to workers, and
// waits for them before returning.
func processBatch(id int, items []int) {
	seen[id] = "started"
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			if seen[id] == "" {
				fmt.Println("missing", id, it)
			}
		}(it)
	}
	wg.Wait()
}

func main() {
	for b := 0; b < 100; b++ {
		processBatch(b, []int{1, 2, 3, 4})
	}
	fmt.Println(len(seen))
}
