// One goroutine calls pickLevel twice: in flush, under d.mu, and in peek,
// without it, passing any(d.inProgress).(map[int]bool). A call counts only
// where its argument is classed as the map; a type assertion is not.
// pickLevel is taken as a value only on the other goroutine (start).
//
// want shared "corpus/src/rule_valueparam_assert_racy.db.inProgress"
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

// peek picks a level without the lock.
func (d *db) peek(id int) int { return pickLevel(any(d.inProgress).(map[int]bool), id) }

// start records a compaction.
func (d *db) start(id int) {
	d.mu.Lock()
	d.inProgress[id] = true
	d.pick = pickLevel
	d.mu.Unlock()
}

func main() {
	d := &db{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i); d.peek(i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
