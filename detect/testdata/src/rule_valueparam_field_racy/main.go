// newDB sets the pick strategy to pickLevel; peek calls it through the
// field, without d.mu. The only static call of pickLevel (flush) holds
// d.mu, and the function value is taken in newDB, on no goroutine of the
// pair, so the call through the field goes unseen.
//
// want shared "corpus/src/rule_valueparam_field_racy.db.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu         sync.Mutex
	inProgress map[int]bool
	pick       func(map[int]bool, int) int
}

func newDB() *db {
	return &db{inProgress: make(map[int]bool), pick: pickLevel}
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

// peek picks a level with the configured strategy, without the lock.
func (d *db) peek(id int) int { return d.pick(d.inProgress, id) }

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
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i); d.peek(i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
