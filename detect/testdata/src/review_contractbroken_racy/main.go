// flushLocked says its caller holds s.mu, and Add keeps that contract,
// but Flush calls it without the lock: set, the helper both reach, runs
// unlocked on Flush's goroutine while Add's goroutine writes under s.mu.
// (A call inside a function with a lock contract is trusted only when
// that function's own callers cannot all be seen.)
//
// want shared "corpus/src/review_contractbroken_racy.S.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type S struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *S) Add(k string) { s.mu.Lock(); s.set(k); s.mu.Unlock() }

// flushLocked must be called with s.mu held.
func (s *S) flushLocked() { s.set("x") }

// Flush forgets the lock.
func (s *S) Flush() { s.flushLocked() }

func (s *S) set(k string) { s.m[k]++ }

func main() {
	s := &S{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			s.Add(fmt.Sprint(i % 5))
		}
	})
	wg.Go(func() {
		for range 200 {
			s.Flush()
		}
	})
	wg.Wait()
	fmt.Println(len(s.m))
}
