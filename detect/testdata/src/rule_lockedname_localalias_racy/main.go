// moveLocked's contract is s.db.mu; it calls addJob on a local that aliases
// its parameter dst. The local is taken for the method's own value, so
// s's db lock vouches for dst's jobs, which run under no lock of dst's.
//
// want shared "corpus/src/rule_lockedname_localalias_racy.db.jobs"
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

// moveLocked moves job id from s to dst; the caller must hold s.db.mu.
func (s *store) moveLocked(dst *store, id int) {
	delete(s.db.jobs, id)
	d := dst
	d.addJob(id)
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
			a.moveLocked(b, 1000+i)
			a.db.mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(a.db.jobs), len(b.db.jobs))
}
