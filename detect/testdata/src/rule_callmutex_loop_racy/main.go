// The mutex is declared in the loop's body and captured by that
// iteration's goroutine: every goroutine locks a mutex of its own
// around the helper.
//
// want shared "corpus/src/rule_callmutex_loop_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"sync"
)

func sweep(m map[int]int, n int) {
	for k, v := range m {
		if v > n {
			delete(m, k)
		}
	}
	m[n]++
}

func main() {
	counts := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 3; g++ {
		var mu sync.Mutex
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				mu.Lock()
				sweep(counts, g+i%7)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}
