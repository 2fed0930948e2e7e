// peek hands pickLevel to ingest, which calls it on d.inProgress without
// d.mu. The value is taken on peek's goroutine, handed to a loaded
// function that runs it there, and the one static call (flush) holds d.mu.
//
// want shared "corpus/src/rule_valueparam_otherroutine_racy.db.inProgress"
// known miss "corpus/src/rule_valueparam_otherroutine_racy.db.inProgress" "found only at possible confidence: the racing run is a call through a function value on peek's goroutine, an over-approximation that gives possible; the direct call, the one that would be certain, holds d.mu"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu         sync.Mutex
	inProgress map[int]bool
}

func newDB() *db {
	return &db{inProgress: make(map[int]bool)}
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

// ingest runs pick on the compactions in progress.
func (d *db) ingest(id int, pick func(map[int]bool, int) int) int {
	return pick(d.inProgress, id)
}

// peek picks a level with pickLevel, without the lock.
func (d *db) peek(id int) int { return d.ingest(id, pickLevel) }

// start records a compaction.
func (d *db) start(id int) {
	d.mu.Lock()
	d.inProgress[id] = true
	d.mu.Unlock()
}

func main() {
	d := newDB()
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(3)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i) }()
		go func() { defer wg.Done(); d.peek(i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
