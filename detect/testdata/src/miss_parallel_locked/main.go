// The word count of miss_parallel with the lock it needs: the closure run
// on parallel's goroutines holds mu while it counts.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

// parallel starts f(0) ... f(n-1), each on its own goroutine.
func parallel(n int, f func(i int)) {
	for i := 0; i < n; i++ {
		go f(i)
	}
}

func main() {
	shards := []string{
		strings.Repeat("the quick brown fox ", 200),
		strings.Repeat("jumps over the lazy dog ", 200),
		strings.Repeat("the end ", 300),
	}
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(len(shards))
	parallel(len(shards), func(i int) {
		defer wg.Done()
		for _, w := range strings.Fields(shards[i]) {
			mu.Lock()
			counts[w]++
			mu.Unlock()
		}
	})
	wg.Wait()
	fmt.Println(counts["the"])
}
