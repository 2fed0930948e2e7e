// Loops with a table each, started by a method of the server: Start runs
// one goroutine per loop, handed the loop as the argument of its literal,
// and main calls Start once. Shutdown stops the loops, waits for them,
// and only then empties the tables.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type event struct {
	fd   int
	drop bool
}

type loop struct {
	events chan event
	conns  map[int]int
}

type server struct {
	loops []*loop
	quit  chan struct{}
	wg    sync.WaitGroup
}

func newServer(n int) *server {
	s := &server{quit: make(chan struct{})}
	for range n {
		s.loops = append(s.loops, &loop{events: make(chan event, 16), conns: map[int]int{}})
	}
	return s
}

func (l *loop) run(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case ev := <-l.events:
			if ev.drop {
				delete(l.conns, ev.fd)
			} else {
				l.conns[ev.fd]++
			}
		}
	}
}

// Start runs one goroutine per loop.
func (s *server) Start() {
	for _, l := range s.loops {
		s.wg.Add(1)
		go func(l *loop) {
			defer s.wg.Done()
			l.run(s.quit)
		}(l)
	}
}

// Shutdown stops the loops and counts what they left open.
func (s *server) Shutdown() (open int) {
	close(s.quit)
	s.wg.Wait()
	for _, l := range s.loops {
		open += len(l.conns)
		clear(l.conns)
	}
	return open
}

func main() {
	s := newServer(4)
	s.Start()
	for fd := range 400 {
		s.loops[fd%4].events <- event{fd: fd % 50, drop: fd%7 == 0}
	}
	fmt.Println(s.Shutdown() >= 0)
}
