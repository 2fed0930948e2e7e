// Loops with a table each, as in rule_perelement, but started by a method
// of a long-lived server, over the server's own slice: a restart starts
// a second goroutine per loop while the first ones still run, and the two
// goroutines of one loop write its table at once.
//
// want shared "corpus/src/rule_perelement_restart_racy.loop.seen"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type loop struct {
	seen map[int]int
}

type server struct {
	loops []*loop
	wg    sync.WaitGroup
}

func (l *loop) run(s *server, from int) {
	defer s.wg.Done()
	for i := range 500 {
		l.seen[(from+i)%50]++
	}
}

func (s *server) start(from int) {
	for _, l := range s.loops {
		s.wg.Add(1)
		go l.run(s, from)
	}
}

func main() {
	s := &server{}
	for range 3 {
		s.loops = append(s.loops, &loop{seen: map[int]int{}})
	}
	s.start(0)
	s.start(7) // a restart, before the first goroutines are done
	s.wg.Wait()
	for _, l := range s.loops {
		fmt.Println(len(l.seen))
	}
}
