// main configures the db with a functional option, withPicker(pickLevel),
// which keeps the function in d.pick; peek calls it through the field,
// without d.mu. The value is an argument of a call, so it counts as handed
// to a helper, and the only static call of pickLevel (flush) holds d.mu.
//
// want shared "corpus/src/rule_valueparam_option_racy.db.inProgress"
// known miss "corpus/src/rule_valueparam_option_racy.db.inProgress" "found only at possible confidence: the helper reaches the field through a functional option that keeps it in a closure, which the check of where the value goes takes for a call"
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

type option func(*db)

// withPicker sets the strategy peek uses.
func withPicker(p func(map[int]bool, int) int) option {
	return func(d *db) { d.pick = p }
}

func newDB(opts ...option) *db {
	d := &db{inProgress: make(map[int]bool)}
	for _, o := range opts {
		o(d)
	}
	return d
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
	d := newDB(withPicker(pickLevel))
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i); d.peek(i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
