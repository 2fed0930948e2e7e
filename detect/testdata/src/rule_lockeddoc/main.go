// addJob holds no lock of its own: its callers hold d.mu. One caller,
// pickJob, says so in its doc comment and is itself run only through a
// table of function values by migrate, which holds d.mu; the other,
// schedule, takes d.mu around the call.
//
// want none
// verified: go run -race reports no race (10 runs)
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
	fmt.Println(d.count() >= 0)
	wg.Wait()
	fmt.Println(d.count())
}
