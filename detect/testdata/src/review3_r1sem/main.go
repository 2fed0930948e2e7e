// A capacity-1 semaphore paces the loop: each turn takes the slot before
// it writes and starts a worker, and the worker frees it at its end (a
// third review's case).
//
// want none
// verified: go run -race reports no race (5 runs)
package main

import (
	"fmt"
	"sync"
)

var inflight = map[int]bool{}

// start marks the job in flight and runs it; the job frees the slot when done.
func start(id int, sem chan struct{}, wg *sync.WaitGroup) {
	inflight[id] = true
	wg.Add(1)
	go func() {
		defer wg.Done()
		delete(inflight, id)
		<-sem
	}()
}

func main() {
	sem := make(chan struct{}, 1) // one job at a time
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		sem <- struct{}{}
		start(i, sem, &wg)
	}
	wg.Wait()
	fmt.Println(len(inflight))
}
