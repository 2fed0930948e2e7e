// The starter has one call site, but its caller is started by two go
// statements over one server: two goroutines per loop. (Fourth review: the
// starter must run once all the way up.)
//
// want shared "corpus/src/review4_perel_gotwice_racy.loop.fdconns"
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

var srv = newServer(2)

func newServer(n int) *server {
	s := &server{}
	for i := 0; i < n; i++ {
		s.loops = append(s.loops, &loop{idx: i, fdconns: make(map[int]int)})
	}
	return s
}

func loopRun(s *server, l *loop) {
	defer s.wg.Done()
	for i := range 2000 {
		l.fdconns[i%50] = i
	}
}

func start(s *server) {
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l)
	}
}

func boot(done chan bool) {
	start(srv)
	done <- true
}

func main() {
	done := make(chan bool)
	go boot(done)
	go boot(done)
	<-done
	<-done
	srv.wg.Wait()
	fmt.Println(len(srv.loops))
}
