// peek hands pickLevel to ingest, which passes it down five stages to
// keep, which stores it; runNext runs it on d.inProgress after letting d.mu go. The
// static call (flush) holds d.mu on the same goroutine.
//
// want shared "corpus/src/rule_valueparam_deepchain_racy.db.inProgress"
// known miss "corpus/src/rule_valueparam_deepchain_racy.db.inProgress" "found only at possible confidence: past a few hand-offs the value is taken to be called, so a setter at the end of the chain that keeps it is not seen"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu         sync.Mutex
	inProgress map[int]bool
	next       func(map[int]bool, int) int
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

type picker = func(map[int]bool, int) int

// ingest hands pick down to keep, through the stages of setup.
func (d *db) ingest(id int, pick picker) { d.stage1(pick) }
func (d *db) stage1(pick picker)         { d.stage2(pick) }
func (d *db) stage2(pick picker)         { d.stage3(pick) }
func (d *db) stage3(pick picker)         { d.stage4(pick) }
func (d *db) stage4(pick picker)         { d.keep(pick) }

// keep keeps pick for runNext.
func (d *db) keep(pick picker) {
	d.mu.Lock()
	d.next = pick
	d.mu.Unlock()
}

// runNext runs the kept pick, without d.mu.
func (d *db) runNext() {
	d.mu.Lock()
	f := d.next
	d.mu.Unlock()
	if f != nil {
		f(d.inProgress, 50)
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
