// The table is read under d.mu, so its literal "runs under a lock"; but
// the reader copies the entry out and calls it after Unlock: pickLocked
// runs unlocked, racing with schedule.
//
// want shared "corpus/src/rule_tablelit_copied_racy.store.inProgress"
// known miss "corpus/src/rule_tablelit_copied_racy.store.inProgress" "found only at possible confidence, as before the table rule: the entry copied out of the table is called through a local variable, a call of a function value the witness does not follow"
// verified: go run -race reports DATA RACE (a reviewer's program, hidden by a new rule until the table's reads had to call what they read)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
}

func (d *store) addJob(id int) { d.inProgress[id] = true }

func (d *store) pickLocked(id int) { d.addJob(id) }

var migrations = map[string]func(d *store, id int){
	"pick": func(d *store, id int) { d.pickLocked(id) },
}

// migrate runs every migration for id under d.mu.
func (d *store) migrate(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, m := range migrations {
		m(d, id)
	}
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(3)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() {
			defer wg.Done()
			d.mu.Lock()
			f := migrations["pick"]
			d.mu.Unlock()
			f(d, 500+i)
		}()
		go func() { defer wg.Done(); d.migrate(1000 + i) }()
	}
	wg.Wait()
	d.mu.Lock()
	fmt.Println(len(d.inProgress))
	d.mu.Unlock()
}
