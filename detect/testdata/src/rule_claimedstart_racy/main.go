// The source of rule_claimedstart, but poke starts a fetch loop every
// time: the loops of several producers write the session map at once.
//
// want shared "corpus/src/rule_claimedstart_racy.source.session"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type source struct {
	pending atomic.Int64
	session map[string]int
	fetched atomic.Int64
	loops   sync.WaitGroup
}

// poke starts a fetch loop.
func (s *source) poke() {
	s.loops.Add(1)
	go s.loop()
}

// loop fetches until no work is pending.
func (s *source) loop() {
	defer s.loops.Done()
	for s.pending.Load() > 0 {
		s.pending.Add(-1)
		s.session[fmt.Sprint("p", s.fetched.Load()%4)]++
		s.fetched.Add(1)
	}
	delete(s.session, "p0")
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
	s.loops.Wait()
	fmt.Println(s.fetched.Load() > 0)
}
