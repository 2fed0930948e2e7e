// The migrations table is read only under d.mu, so its literal does not
// break pickLocked's contract either. A package-level hook names pickLocked by method expression; tick runs
// the hook without d.mu. A value reference with no enclosing function
// (a package variable) is never asked whether it breaks the contract.
//
// want shared "corpus/src/rule_tablelit_methodexpr_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
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

var migrations = map[string]func(d *store, id int){
	"pick": func(d *store, id int) { d.pickLocked(id) },
}

// migrate runs the migration named name for id under d.mu.
func (d *store) migrate(name string, id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	migrations[name](d, id)
}

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
		d.migrate("pick", 1000+i)
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
