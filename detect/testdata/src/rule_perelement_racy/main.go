// The event-loop server of rule_perelement, but serve hands every loop
// the one connection table it made before the loop: each loop's
// goroutine adds and removes connections of that shared table while the
// others do.
//
// want shared "corpus/src/rule_perelement_racy.loop.fdconns"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	loops []*loop
	wg    sync.WaitGroup
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
		open = len(s.loops[0].fdconns)
	}()
	conns := make(map[int]*conn)
	for i := 0; i < n; i++ {
		s.loops = append(s.loops, &loop{idx: i, fdconns: conns, events: make(chan int)})
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
