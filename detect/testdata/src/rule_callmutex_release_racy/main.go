// The worker holds main's mutex at the call, but hands its Unlock to
// the helper, which lets it go before it writes.
//
// want shared "corpus/src/rule_callmutex_release_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

// sweep releases the caller's lock early, then keeps writing.
func sweep(m map[int]int, n int, release func()) {
	release()
	for k, v := range m {
		if v > n {
			delete(m, k)
		}
	}
	m[n]++
}

func main() {
	counts := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20000; i++ {
			mu.Lock()
			sweep(counts, i%7, mu.Unlock)
		}
	}()
	for i := 0; i < 20000; i++ {
		mu.Lock()
		counts[i%3]++
		mu.Unlock()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
