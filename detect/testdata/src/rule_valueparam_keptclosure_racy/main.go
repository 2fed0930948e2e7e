// peek hands pickLevel to ingest, which keeps a literal that calls it on
// d.inProgress; runNext runs that literal after letting d.mu go. The
// static call (flush) holds d.mu on the same goroutine.
//
// want shared "corpus/src/rule_valueparam_keptclosure_racy.db.inProgress"
// known miss "corpus/src/rule_valueparam_keptclosure_racy.db.inProgress" "found only at possible confidence: the helper the value is handed to keeps it in a closure, and a use inside a closure is taken for a call, so the value's one run after Unlock is not seen"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu         sync.Mutex
	inProgress map[int]bool
	next       func()
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

// flush picks a level under d.mu.
func (d *db) flush(id int) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return pickLevel(d.inProgress, id)
}

// ingest keeps a pick on the compactions in progress for runNext.
func (d *db) ingest(id int, pick func(map[int]bool, int) int) {
	d.mu.Lock()
	d.next = func() { pick(d.inProgress, id) }
	d.mu.Unlock()
}

// runNext runs the kept pick, without d.mu.
func (d *db) runNext() {
	d.mu.Lock()
	f := d.next
	d.mu.Unlock()
	if f != nil {
		f()
	}
}

// start records a compaction.
func (d *db) start(id int) {
	d.mu.Lock()
	d.inProgress[id] = true
	d.mu.Unlock()
}

func main() {
	d := &db{inProgress: make(map[int]bool)}
	d.ingest(50, pickLevel)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i); d.runNext() }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
