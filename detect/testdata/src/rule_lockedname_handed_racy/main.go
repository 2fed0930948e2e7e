// moveLocked is a plain function whose contract (src.mu) any held lock of
// a value keeps, and vouches matches a.mu to addJob's s.mu by field: so
// dst.addJob, run under src's lock only, is taken as holding dst.mu.
//
// want shared "corpus/src/rule_lockedname_handed_racy.store.jobs"
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

// moveLocked moves job id from src to dst; the caller must hold src.mu.
func moveLocked(src, dst *store, id int) {
	delete(src.jobs, id)
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
			moveLocked(a, b, 1000+i)
			a.mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(a.jobs), len(b.jobs))
}
