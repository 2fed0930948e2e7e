// rule_tablelit, but migrate runs the table without d.mu: the package
// literal calls pickLocked with no lock, racing with schedule.
//
// want shared "corpus/src/rule_tablelit_unlocked_racy.store.inProgress"
// known miss "corpus/src/rule_tablelit_unlocked_racy.store.inProgress" "found only at possible confidence, as before the table rule: the table is read with no lock, so its literal counts as a caller of pickLocked without d.mu, but the pair through the table is not witnessed"
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

func (d *store) addJob(id int) { d.inProgress[id] = true }

func (d *store) pickLocked(id int) { d.addJob(id) }

var migrations = map[string]func(d *store, id int){
	"pick": func(d *store, id int) { d.pickLocked(id) },
}

// migrate runs every migration for id under d.mu.
func (d *store) migrate(id int) {
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

// count reads the number of jobs.
func (d *store) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.inProgress)
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); d.migrate(1000 + i) }()
	}
	wg.Wait()
	fmt.Println(d.count())
}
