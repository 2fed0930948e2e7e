// flush builds its task under s.mu and runs it once it has let s.mu go.
// A literal written while a lock is held counts as running unseen unless
// it sits in a local (f := func...); kept in a struct literal it is not
// asked, and with the table read under s.mu no caller breaks the contract.
//
// want shared "corpus/src/rule_lockedname_structlit_racy.store.jobs"
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

// flush counts ids once it has let s.mu go.
func (s *store) flush(ids []int) {
	s.mu.Lock()
	id := ids[0]
	t := task{run: func() { s.addLocked(id) }}
	s.mu.Unlock()
	t.run()
}

type task struct{ run func() }

func main() {
	s := &store{jobs: make(map[int]int)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); s.flush([]int{i % 4, i % 3}) }()
		go func() { defer wg.Done(); s.fire(i % 4) }()
	}
	wg.Wait()
	fmt.Println(len(s.jobs))
}
