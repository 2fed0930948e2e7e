// A helper that runs a function value it was given on goroutines:
// parallel(n, f) does go f(i), and the closure handed to it counts words
// into a map of main's with no lock.
//
// want shared "corpus/src/miss_parallel.main.counts"
// verified: go run -race reports DATA RACE
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
	var wg sync.WaitGroup
	wg.Add(len(shards))
	parallel(len(shards), func(i int) {
		defer wg.Done()
		for _, w := range strings.Fields(shards[i]) {
			counts[w]++
		}
	})
	wg.Wait()
	fmt.Println(counts["the"])
}
