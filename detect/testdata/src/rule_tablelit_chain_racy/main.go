// pickLocked is called from a package table's literal and from
// retryLocked, whose name says its callers hold d.mu; but main calls
// retryLocked on goroutines with no lock, racing with schedule.
//
// want shared "corpus/src/rule_tablelit_chain_racy.store.inProgress"
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

func (d *store) retryLocked(id int) { d.pickLocked(id) }

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
		go func() { defer wg.Done(); d.migrate(1000 + i) }()
		go func() { defer wg.Done(); d.retryLocked(2000 + i) }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
