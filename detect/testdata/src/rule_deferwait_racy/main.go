// The batch of rule_deferwait with its two defers the other way round:
// the wait, deferred first, runs last, so the finalizer empties the table
// while the workers still write it.
//
// want shared "corpus/src/rule_deferwait_racy.tally.seen"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

func tally(words []string, workers int) (distinct int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]int{}
	defer wg.Wait()
	defer func() {
		distinct = len(seen)
		for w := range seen {
			delete(seen, w)
		}
	}()
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
	go func() {
		for _, w := range words {
			in <- w
		}
		close(in)
	}()
	return 0
}

func main() {
	var words []string
	for i := range 3000 {
		words = append(words, fmt.Sprint("w", i%97))
	}
	fmt.Println(tally(words, 4))
}
