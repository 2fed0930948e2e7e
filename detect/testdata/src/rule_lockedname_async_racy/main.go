// pickLocked is also used as a method value, so not all its callers are
// seen; none seen breaks its contract, so its entry lock is given, and now
// addJob inherits it. The value is run on goroutines with no lock at all.
//
// want shared "corpus/src/rule_lockedname_async_racy.store.jobs"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu   sync.Mutex
	jobs map[int]int
}

func (s *store) addJob(id int) { s.jobs[id]++ }

func (s *store) pickLocked(id int) { s.addJob(id) }

// schedule counts id under s.mu.
func (s *store) schedule(id int) {
	s.mu.Lock()
	s.pickLocked(id)
	s.mu.Unlock()
}

// each runs f for every id on goroutines of its own.
func each(n int, f func(int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); f(i % 4) }()
	}
	wg.Wait()
}

func main() {
	s := &store{jobs: make(map[int]int)}
	go s.schedule(1)
	each(100, s.pickLocked)
	fmt.Println(len(s.jobs))
}
