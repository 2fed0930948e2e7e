// One goroutine calls pickLevel under d.mu (flush) and through picker, a
// package variable, without it (ingest). The value is taken at package
// level, not in the goroutine, so only the locked call is weighed.
//
// want shared "corpus/src/rule_valueparam_pkgvar_racy.db.inProgress"
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

// picker is the level function ingest uses.
var picker levelFunc = pickLevel

// ingest picks a level with f, forgetting d.mu.
func (d *db) ingest(id int, f levelFunc) int { return f(d.inProgress, id) }

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
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.start(i) }()
		go func() { defer wg.Done(); d.flush(i); d.ingest(i, picker) }()
	}
	wg.Wait()
	fmt.Println(d.flush(1000))
}
