// Each loop's goroutine also writes its neighbour's table (l.next.fdconns),
// which the element does not own. (Fourth review: the access must select
// the map field of the element itself.)
//
// want shared "corpus/src/review4_perel_neighbor_racy.loop.fdconns"
// verified: go run -race reports DATA RACE (5 of 5 runs, by the reviewer; 3 of 3 here)
package main

import (
	"fmt"
	"sync"
)

type loop struct {
	idx     int
	next    *loop
	fdconns map[int]int
}

type server struct {
	loops []*loop
	wg    sync.WaitGroup
}

// loopRun serves its own table and hands every tenth connection to the
// next loop in the ring.
func loopRun(s *server, l *loop) {
	defer s.wg.Done()
	for i := range 3000 {
		if i%10 == 0 {
			l.next.fdconns[i] = l.idx
		} else {
			l.fdconns[i] = l.idx
		}
	}
}

func serve(n int) int {
	s := &server{}
	for i := 0; i < n; i++ {
		s.loops = append(s.loops, &loop{idx: i, fdconns: make(map[int]int)})
	}
	for i, l := range s.loops {
		l.next = s.loops[(i+1)%n]
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
	s.wg.Wait()
	return len(s.loops[0].fdconns)
}

func main() {
	fmt.Println(serve(3))
}
