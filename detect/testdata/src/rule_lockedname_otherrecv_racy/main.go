// moveToLocked's contract (s.mu) is kept on the very receiver, but it
// writes dst's map: vouches matches the caller's a.mu to addJob's lock by
// field, so dst.addJob, run under a.mu only, is taken as holding dst.mu.
//
// want shared "corpus/src/rule_lockedname_otherrecv_racy.store.jobs"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu   sync.Mutex
	jobs map[int]bool
}

func (s *store) addJob(id int) { s.jobs[id] = true }

// schedule records a job under s.mu.
func (s *store) schedule(id int) {
	s.mu.Lock()
	s.addJob(id)
	s.mu.Unlock()
}

// moveToLocked moves job id from s to dst; the caller must hold s.mu.
func (s *store) moveToLocked(dst *store, id int) {
	delete(s.jobs, id)
	dst.addJob(id)
}

func main() {
	a := &store{jobs: make(map[int]bool)}
	b := &store{jobs: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); b.schedule(i) }()
		go func() {
			defer wg.Done()
			a.mu.Lock()
			a.moveToLocked(b, 1000+i)
			a.mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(a.jobs), len(b.jobs))
}
