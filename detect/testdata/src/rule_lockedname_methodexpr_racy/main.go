// A package-level hook names pickLocked by method expression; tick runs
// the hook without d.mu. A value reference with no enclosing function
// (a package variable) is never asked whether it breaks the contract.
//
// want shared "corpus/src/rule_lockedname_methodexpr_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, which both the old and the new rules missed)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
}

var onTick = (*store).pickLocked

func (d *store) addJob(id int) { d.inProgress[id] = true }

// pickLocked records id; d.mu is held.
func (d *store) pickLocked(id int) { d.addJob(id) }

// tick runs the tick hook for id.
func (d *store) tick(id int) { onTick(d, id) }

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.pickLocked(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); d.tick(500 + i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
