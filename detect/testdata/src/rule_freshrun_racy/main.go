// The servers of rule_freshrun, but a connection that finds the server
// busy starts another run goroutine on the same server (s.start), so two
// run goroutines write one queues map.
//
// want shared "corpus/src/rule_freshrun_racy.server.queues"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type server struct {
	in     chan string
	done   chan int
	queues map[string]int
}

func newServer() *server {
	s := &server{in: make(chan string), done: make(chan int, 2), queues: map[string]int{}}
	s.start()
	return s
}

// start adds a run goroutine to s.
func (s *server) start() { go s.run() }

// run counts the packets of each queue until in is closed.
func (s *server) run() {
	for q := range s.in {
		s.queues[q]++
	}
	s.done <- 1
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s := newServer()
			s.start() // a second reader of s.in, on the same map
			for j := range 1000 {
				s.in <- fmt.Sprint("q", (i+j)%8)
			}
			close(s.in)
			<-s.done
			<-s.done
		})
	}
	wg.Wait()
	fmt.Println("done")
}
