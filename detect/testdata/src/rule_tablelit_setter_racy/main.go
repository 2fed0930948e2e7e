// The migrations table is read only under d.mu, so its literal does not
// break pickLocked's contract. newStore registers the method value
// d.pickLocked through a setter, onRefresh, that keeps it in a field;
// refresh calls the hook without d.mu. A value handed to a loaded
// function that keeps it counts as held under the contract.
//
// want shared "corpus/src/rule_tablelit_setter_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
	pick       func(id int)
}

func newStore() *store {
	d := &store{inProgress: make(map[int]bool)}
	d.onRefresh(d.pickLocked)
	return d
}

// onRefresh sets the hook refresh runs.
func (d *store) onRefresh(f func(id int)) { d.pick = f }

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

// refresh picks id through the hook.
func (d *store) refresh(id int) { d.pick(id) }

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.pickLocked(id)
	d.mu.Unlock()
}

func main() {
	d := newStore()
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); d.refresh(500 + i) }()
		d.migrate("pick", 1000+i)
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
