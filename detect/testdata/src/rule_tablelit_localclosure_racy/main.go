// kick writes its closure under s.mu but calls it after letting s.mu go.
// Base saw the table's literal break addLocked's contract; now the table,
// read under s.mu, runs unseen, the closure (written under a lock) too, no
// caller is left to break the contract, and the name is trusted.
//
// want shared "corpus/src/rule_tablelit_localclosure_racy.store.jobs"
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

var hooks = map[string]func(s *store, id int){
	"add": func(s *store, id int) { s.addLocked(id) },
}

// fire runs every hook for id under s.mu.
func (s *store) fire(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range hooks {
		h(s, id)
	}
}

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
		wg.Add(2)
		go func() { defer wg.Done(); s.kick(i % 4) }()
		go func() { defer wg.Done(); s.fire(i % 4) }()
	}
	wg.Wait()
	fmt.Println(len(s.jobs))
}
