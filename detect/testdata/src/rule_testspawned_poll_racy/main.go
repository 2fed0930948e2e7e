// A store whose production code always holds s.mu, and a test that starts
// a goroutine polling the map without the lock and then writes through
// Put on its own goroutine: both sides are the test's (the poll in its
// goroutine, the write in production code the test calls after starting
// it), so the pair keeps its level and the fix is the lock in the test (a
// reviewer's program: the write's side was first taken for one the test
// does not drive, since Put is not in a test file).
//
// want shared "corpus/src/rule_testspawned_poll_racy.store.m"
// want suggestion "corpus/src/rule_testspawned_poll_racy.store.m" "hold s.mu (Lock) at src/rule_testspawned_poll_racy/main_test.go:14:11, as 2 other accesses do"
// expect: finding in the test only; fix: hold s.mu in the test
// verified: go test -race reports DATA RACE (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu sync.Mutex
	m  map[int]int
}

func newStore() *store { return &store{m: map[int]int{}} }

// Put sets k.
func (s *store) Put(k int) {
	s.mu.Lock()
	s.m[k] = 1
	s.mu.Unlock()
}

// Len counts the keys.
func (s *store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func main() {
	s := newStore()
	s.Put(1)
	fmt.Println(s.Len())
}
