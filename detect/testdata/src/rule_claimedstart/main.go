// Every producer goroutine pokes the source after queueing work; a poke
// starts the fetch loop only when it claims the source's running flag, so
// one loop at a time owns the session map. The loop clears the flag only
// after its last touch of the map, and the next loop starts after that.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type source struct {
	running atomic.Bool
	pending atomic.Int64
	session map[string]int // the fetch loop's own
	fetched atomic.Int64
}

// poke starts the fetch loop unless one is running.
func (s *source) poke() {
	if s.running.CompareAndSwap(false, true) {
		go s.loop()
	}
}

// loop fetches until no work is pending, then gives up the flag.
func (s *source) loop() {
	for {
		for s.pending.Load() > 0 {
			s.pending.Add(-1)
			s.session[fmt.Sprint("p", s.fetched.Load()%4)]++
			s.fetched.Add(1)
		}
		delete(s.session, "p0")
		s.running.Store(false)
		// A poke that came in after the last Load but before the Store
		// found the flag taken: take it back and go on.
		if s.pending.Load() == 0 || !s.running.CompareAndSwap(false, true) {
			return
		}
	}
}

func main() {
	s := &source{session: make(map[string]int)}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				s.pending.Add(1)
				s.poke()
			}
		})
	}
	wg.Wait()
	for s.running.Load() || s.pending.Load() > 0 {
		s.poke()
	}
	fmt.Println(s.fetched.Load() > 0)
}
