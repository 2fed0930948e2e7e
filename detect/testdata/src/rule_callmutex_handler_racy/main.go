// A handler's own mutex, shared with the helper goroutine it starts,
// guards nothing between the three goroutines that run the handler:
// each run has its own.
//
// want shared "corpus/src/rule_callmutex_handler_racy.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

var counts = map[int]int{}

func sweep(n int) {
	for k, v := range counts {
		if v > n {
			delete(counts, k)
		}
	}
	counts[n]++
}

// handle serves one request: a helper goroutine and the handler share mu.
func handle(base int) {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			mu.Lock()
			sweep(base + i%7)
			mu.Unlock()
		}
		done <- true
	}()
	for i := 0; i < 1000; i++ {
		mu.Lock()
		sweep(base + i%5)
		mu.Unlock()
	}
	<-done
}

func main() {
	var wg sync.WaitGroup
	for r := range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); handle(r) }()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
