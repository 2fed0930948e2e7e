// An event-loop server in the shape of tidwall/evio: serve makes the
// server and its loops, each loop with a connection table of its own,
// and starts one goroutine per loop, handed the server and its loop. A
// loop's goroutine adds and removes connections of its own loop only.
// The deferred cleanup waits for every loop to finish, then closes what
// is left in their tables. No two goroutines touch one table at once.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type conn struct{ fd int }

type loop struct {
	idx     int
	fdconns map[int]*conn
	events  chan int
}

type server struct {
	loops  []*loop
	wg     sync.WaitGroup
	closed int
}

func closeConn(l *loop, c *conn) {
	delete(l.fdconns, c.fd)
}

func loopRun(s *server, l *loop) {
	defer s.wg.Done()
	for fd := range l.events {
		if c := l.fdconns[fd]; c != nil && fd%3 == 0 {
			closeConn(l, c)
		} else {
			l.fdconns[fd] = &conn{fd: fd}
		}
	}
}

func serve(n int) (open int) {
	s := &server{}
	defer func() {
		for _, l := range s.loops {
			close(l.events)
		}
		s.wg.Wait()
		for _, l := range s.loops {
			open += len(l.fdconns)
			for _, c := range l.fdconns {
				closeConn(l, c)
			}
		}
	}()
	for i := 0; i < n; i++ {
		s.loops = append(s.loops, &loop{idx: i, fdconns: make(map[int]*conn), events: make(chan int)})
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
	for fd := range 300 {
		s.loops[fd%n].events <- fd % 40
	}
	return 0
}

func main() {
	fmt.Println(serve(4))
}
