// pickLevel reads the compactions in progress through its parameter. It
// is also handed to ingest as a function value, so mapfix does not see
// all of its calls; the one it sees on the flushing goroutines, in
// flush, passes d.inProgress with d.mu held (and so does ingest's call
// through the value, which main makes before the goroutines start).
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu         sync.Mutex
	inProgress map[int]bool
}

// pickLevel counts the compactions below id.
func pickLevel(inProgress map[int]bool, id int) int {
	n := 0
	for k := range inProgress {
		if k < id {
			n++
		}
	}
	return n
}

type levelFunc func(map[int]bool, int) int

// ingest picks a level with f under d.mu.
func (d *db) ingest(id int, f levelFunc) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return f(d.inProgress, id)
}

// flush picks a level under d.mu.
func (d *db) flush(id int) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return pickLevel(d.inProgress, id)
}

// start records a compaction.
func (d *db) start(id int) {
	d.mu.Lock()
	d.inProgress[id] = true
	d.mu.Unlock()
}

func main() {
	d := &db{inProgress: make(map[int]bool)}
	fmt.Println(d.ingest(0, pickLevel))
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i) }()
	}
	wg.Wait()
	d.mu.Lock()
	fmt.Println(len(d.inProgress))
	d.mu.Unlock()
}
