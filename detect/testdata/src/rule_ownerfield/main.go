// Two workers, each started by its own function on a worker whose cache
// it allocates in the same literal (&worker{c: &cache{...}}): each
// goroutine writes its own cache's map. The owner is reached through a
// field, but one the starting code fills with a value it allocates, so
// the two goroutines' caches are told apart as before (rule_ownerfield_racy
// is the field filled from a parameter).
//
// want none
// verified: go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type cache struct{ m map[int]int }

type worker struct{ c *cache }

func (w *worker) loop(wg *sync.WaitGroup) {
	defer wg.Done()
	for i := range 100 {
		w.c.m[i] = i
	}
}

func startA(wg *sync.WaitGroup) {
	a := &worker{c: &cache{m: map[int]int{}}}
	wg.Add(1)
	go a.loop(wg)
}

func startB(wg *sync.WaitGroup) {
	b := &worker{c: &cache{m: map[int]int{}}}
	wg.Add(1)
	go b.loop(wg)
}

func main() {
	var wg sync.WaitGroup
	startA(&wg)
	startB(&wg)
	wg.Wait()
	fmt.Println("done")
}
