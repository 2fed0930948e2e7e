// flushLocked says its caller holds s.mu; the literal that calls it is
// handed to async, which starts it on a goroutine of its own, with no
// lock: a call mapfix sees, that breaks the contract.
//
// want shared "corpus/src/review_asynccallback_racy.S.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

var wg sync.WaitGroup

func async(f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

type S struct {
	mu sync.Mutex
	m  map[string]int
}

// flushLocked must be called with s.mu held.
func (s *S) flushLocked() { s.m["x"] = 0 }

func (s *S) Add(k string) {
	s.mu.Lock()
	s.m[k]++
	s.flushLocked()
	s.mu.Unlock()
}

func main() {
	s := &S{m: map[string]int{}}
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Add(fmt.Sprint(i % 5))
		}()
		async(func() { s.flushLocked() })
	}
	wg.Wait()
	fmt.Println(len(s.m) > 0)
}
