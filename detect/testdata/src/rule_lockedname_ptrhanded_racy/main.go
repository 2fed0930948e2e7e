// moveLocked's contract is src.db.mu; it calls dst.addJob, whose accesses
// want s.db.mu. A lock reached through a pointer is still matched by field,
// so src's db lock is taken for dst's, and dst's jobs run under no lock.
//
// want shared "corpus/src/rule_lockedname_ptrhanded_racy.db.jobs"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu   sync.Mutex
	jobs map[int]bool
}

type store struct{ db *db }

func (s *store) addJob(id int) { s.db.jobs[id] = true }

// schedule records a job under s.db.mu.
func (s *store) schedule(id int) {
	s.db.mu.Lock()
	s.addJob(id)
	s.db.mu.Unlock()
}

// moveLocked moves job id from src to dst; the caller must hold src.db.mu.
func moveLocked(src, dst *store, id int) {
	delete(src.db.jobs, id)
	dst.addJob(id)
}

func main() {
	a := &store{db: &db{jobs: make(map[int]bool)}}
	b := &store{db: &db{jobs: make(map[int]bool)}}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); b.schedule(i) }()
		go func() {
			defer wg.Done()
			a.db.mu.Lock()
			moveLocked(a, b, 1000+i)
			a.db.mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(a.db.jobs), len(b.db.jobs))
}
