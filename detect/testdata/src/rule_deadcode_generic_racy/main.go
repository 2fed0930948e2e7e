// store[K].refresh is called only through the refresher interface; the
// graph matches implementations on the generic type, which does not
// implement refresher[int], so the new rule takes refresh for dead code.
//
// want shared "corpus/src/rule_deadcode_generic_racy.store.m"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type refresher[K comparable] interface{ refresh(k K) }

type store[K comparable] struct {
	m  map[K]int
	wg sync.WaitGroup
}

// refresh bumps k in the background and counts a refresh here.
func (s *store[K]) refresh(k K) {
	s.wg.Add(1)
	go func() { defer s.wg.Done(); s.m[k]++ }()
	s.m[k]++
}

func main() {
	s := &store[int]{m: make(map[int]int)}
	var r refresher[int] = s
	for i := range 100 {
		r.refresh(i % 7)
	}
	s.wg.Wait()
	fmt.Println(len(s.m))
}
