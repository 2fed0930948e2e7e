// The starter appends each loop twice (append(s.loops, l, l)): two
// goroutines per loop, one table each pair shares. (Fourth review, against
// the rule on one goroutine per element: elements must be allocated where
// they are stored, one per append.)
//
// want shared "corpus/src/review4_perel_alias_racy.loop.fdconns"
// verified: go run -race reports DATA RACE (5 of 5 runs, by the reviewer; 3 of 3 here)
package main

import (
	"fmt"
	"sync"
)

type loop struct {
	idx     int
	fdconns map[int]int
}

type server struct {
	loops []*loop
	wg    sync.WaitGroup
}

func loopRun(s *server, l *loop) {
	defer s.wg.Done()
	for i := range 2000 {
		l.fdconns[i%50] = i
		_ = l.fdconns[(i+1)%50]
	}
}

func serve(n int) int {
	s := &server{}
	for i := 0; i < n; i++ {
		l := &loop{idx: i, fdconns: make(map[int]int)}
		// two event slots per loop: the same loop is listed twice
		s.loops = append(s.loops, l, l)
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
	s.wg.Wait()
	return len(s.loops)
}

func main() {
	fmt.Println(serve(2))
}
