// The owner goroutine of chanowner, with one leak: size reads the map
// directly from the caller's goroutine instead of asking the loop.
//
// want shared "corpus/src/chanownerleak.store.sessions"
// verified: go run -race reports DATA RACE (write in loop, range in size)
package main

import (
	"fmt"
	"sync"
)

type putReq struct {
	id string
	n  int
}

type store struct {
	sessions map[string]int
	puts     chan putReq
	quit     chan struct{}
}

func newStore() *store {
	s := &store{
		sessions: map[string]int{},
		puts:     make(chan putReq),
		quit:     make(chan struct{}),
	}
	go s.loop()
	return s
}

func (s *store) loop() {
	for {
		select {
		case p := <-s.puts:
			s.sessions[p.id] += p.n
		case <-s.quit:
			return
		}
	}
}

func (s *store) add(id string, n int) { s.puts <- putReq{id, n} }

func (s *store) size() int {
	n := 0
	for range s.sessions {
		n++
	}
	return n
}

func main() {
	s := newStore()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				s.add(fmt.Sprint("user", (i+j)%5), 1)
				_ = s.size()
			}
		})
	}
	wg.Wait()
	close(s.quit)
}
