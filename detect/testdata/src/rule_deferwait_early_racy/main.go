// The batch of rule_deferwait, but the wait is deferred in the middle
// of the function and the totals are read right after it, inline: a
// deferred wait runs at return, so the read meets the workers.
//
// want shared "corpus/src/rule_deferwait_early_racy.tally.seen"
// want suggestion "corpus/src/rule_deferwait_early_racy.tally.seen" "hold mu (Lock) at src/rule_deferwait_early_racy/main.go:39:18, as 1 other access does"
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
	defer wg.Wait()
	go func() {
		for _, w := range words {
			in <- w
		}
		close(in)
	}()
	for range 200 {
		distinct = len(seen)
	}
	return distinct
}

func main() {
	var words []string
	for i := range 3000 {
		words = append(words, fmt.Sprint("w", i%97))
	}
	fmt.Println(tally(words, 4))
}
