// The deferred cleanup of rule_perelement, in the wrong order: it empties
// each loop's table first and waits for the loops after, so it deletes
// connections while the loops' goroutines still add them.
//
// want shared "corpus/src/rule_deferjoin_racy.loop.fdconns"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type conn struct{ fd int }

type loop struct {
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
		l.fdconns[fd] = &conn{fd: fd}
	}
}

func serve(n int) (closed int) {
	s := &server{}
	defer func() {
		for _, l := range s.loops {
			for _, c := range l.fdconns {
				closeConn(l, c)
				closed++
			}
			close(l.events)
		}
		s.wg.Wait()
	}()
	for i := 0; i < n; i++ {
		s.loops = append(s.loops, &loop{fdconns: make(map[int]*conn), events: make(chan int, 100)})
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
	for fd := range 400 {
		s.loops[fd%n].events <- fd
	}
	return 0
}

func main() {
	fmt.Println(serve(4) > 0)
}
