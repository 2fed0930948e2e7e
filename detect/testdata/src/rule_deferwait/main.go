// A batch whose totals are counted by a deferred finalizer: the wait for
// the workers is deferred after it, and deferred calls run last in,
// first out, so the wait comes first and the finalizer reads a table no
// worker writes any more.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

func tally(words []string, workers int) (distinct int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]int{}
	defer func() {
		distinct = len(seen)
		for w := range seen {
			delete(seen, w)
		}
	}()
	defer wg.Wait()
	in := make(chan string)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range in {
				mu.Lock()
				seen[w]++
				mu.Unlock()
			}
		}()
	}
	for _, w := range words {
		in <- w
	}
	close(in)
	return 0
}

func main() {
	var words []string
	for i := range 3000 {
		words = append(words, fmt.Sprint("w", i%97))
	}
	fmt.Println(tally(words, 4))
}
