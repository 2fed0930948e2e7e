// The feature-flag store of rule_condlock with one wrong flag: Enabled
// calls get(k, false) without holding s.mu, so its read of the flags map
// races with Set.
//
// want shared "corpus/src/rule_condlock_racy.flagStore.flags"
// known miss "corpus/src/rule_condlock_racy.flagStore.flags" "the locking-flag rule trusts every get(k, false) caller to hold s.mu; call sites passing false are not checked against the locks they hold"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type flagStore struct {
	mu    sync.RWMutex
	flags map[string]int
}

// get returns k's rollout percentage; doLock says whether the caller
// still needs s.mu taken for it.
func (s *flagStore) get(k string, doLock bool) int {
	if doLock {
		s.mu.RLock()
	}
	v := s.flags[k]
	if doLock {
		s.mu.RUnlock()
	}
	return v
}

// Enabled reports whether k is rolled out to any user.
func (s *flagStore) Enabled(k string) bool {
	return s.get(k, false) > 0 // passes false but holds no lock
}

// enabledAll reports whether every flag in ks is rolled out, all read
// under one hold of the lock.
func (s *flagStore) enabledAll(ks ...string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, k := range ks {
		if s.get(k, false) == 0 {
			return false
		}
	}
	return true
}

// Set changes k's rollout percentage.
func (s *flagStore) Set(k string, pct int) {
	s.mu.Lock()
	s.flags[k] = pct
	s.mu.Unlock()
}

func main() {
	s := &flagStore{flags: map[string]int{}}
	names := []string{"search", "checkout", "beta", "dark"}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			for j := range 3000 {
				s.Set(names[(i+j)%len(names)], j%100)
			}
		})
	}
	wg.Go(func() {
		n := 0
		for j := range 3000 {
			if s.Enabled(names[j%len(names)]) && s.enabledAll(names[:2]...) {
				n++
			}
		}
		fmt.Println(n >= 0)
	})
	wg.Wait()
	fmt.Println(s.enabledAll(names...))
}
