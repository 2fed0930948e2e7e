// The store of rule_lockedname, but each job also counts the jobs in
// progress by calling jobsLocked itself, without d.mu. No lock is
// suggested inside jobsLocked: apply's edit calls it with d.mu held, and
// taking d.mu there would deadlock.
//
// want shared "corpus/src/rule_lockedname_racy.store.inProgress"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type versions struct{ d *store }

// apply runs the edit with d.mu held, handing it the jobs in progress.
func (v *versions) apply(inProgress func() []int) int {
	v.d.mu.Lock()
	defer v.d.mu.Unlock()
	e := &edit{jobs: inProgress}
	return e.size()
}

// edit is one change to the version set.
type edit struct{ jobs func() []int }

func (e *edit) size() int { return len(e.jobs()) }

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
	vs         *versions
}

// jobsLocked lists the jobs in progress.
func (d *store) jobsLocked() []int {
	var out []int
	for id := range d.inProgress {
		out = append(out, id)
	}
	return out
}

// run records jobs, applies them and drops them.
func (d *store) run(id int, done chan<- int) {
	n := 0
	for i := range 200 {
		job := id*1000 + i
		d.mu.Lock()
		d.inProgress[job] = true
		d.mu.Unlock()
		n += d.vs.apply(func() []int { return d.jobsLocked() }) + len(d.jobsLocked())
		d.mu.Lock()
		delete(d.inProgress, job)
		d.mu.Unlock()
	}
	done <- n
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	d.vs = &versions{d: d}
	done := make(chan int)
	for id := range 8 {
		go d.run(id, done)
	}
	for range 8 {
		fmt.Println(<-done > 0)
	}
}
