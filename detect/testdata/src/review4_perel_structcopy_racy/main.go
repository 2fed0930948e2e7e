// Loops copied from one template (c := *tmpl): every loop shares the
// template's table, though each goroutine gets its own element. (Fourth
// review: a copy of a value is not a fresh element.)
//
// want shared "corpus/src/review4_perel_structcopy_racy.loop.fdconns"
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
		l.fdconns[i%50] = i + l.idx
	}
}

func serve(n int) int {
	s := &server{}
	tmpl := &loop{fdconns: make(map[int]int)}
	for i := 0; i < n; i++ {
		c := *tmpl // copy of the template: shares its table
		c.idx = i
		s.loops = append(s.loops, &c)
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
	s.wg.Wait()
	return len(tmpl.fdconns)
}

func main() {
	fmt.Println(serve(3))
}
