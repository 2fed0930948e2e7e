// kick writes its closure while holding s.mu but calls it after letting
// s.mu go. A literal written under a lock "runs unseen", so its call no
// longer breaks addLocked's contract, and the name is trusted.
//
// want shared "corpus/src/rule_lockedname_closure_racy.store.jobs"
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

// addLocked counts id; s.mu must be held.
func (s *store) addLocked(id int) { s.jobs[id]++ }

// kick counts id once it has let s.mu go.
func (s *store) kick(id int) {
	s.mu.Lock()
	add := func() { s.addLocked(id) }
	s.mu.Unlock()
	add()
}

func main() {
	s := &store{jobs: make(map[int]int)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() { defer wg.Done(); s.kick(i % 4) }()
	}
	wg.Wait()
	fmt.Println(len(s.jobs))
}
