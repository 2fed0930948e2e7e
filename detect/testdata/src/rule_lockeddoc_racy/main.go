// The store of rule_lockeddoc, but schedule forgets d.mu around its call
// of addJob.
//
// want shared "corpus/src/rule_lockeddoc_racy.store.inProgress"
// want suggestion "corpus/src/rule_lockeddoc_racy.store.inProgress" "hold d.mu (Lock) at src/rule_lockeddoc_racy/main.go:37:2, as 1 other access does"
// verified: go run -race reports DATA RACE
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

// pickJob records the job the migration picked. d.mu must be held.
func (d *store) pickJob(id int) { d.addJob(id) }

var migrations = []func(d *store, id int){(*store).pickJob}

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
	d.addJob(id)
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
	fmt.Println(d.count() >= 0)
	wg.Wait()
	fmt.Println(d.count())
}
