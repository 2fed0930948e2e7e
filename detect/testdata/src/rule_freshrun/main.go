// Servers made by newServer, each with its own run goroutine that alone
// touches its queues map. Connections open servers from several
// goroutines at once, so many run goroutines run together, but each on the
// server its own newServer call made.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type server struct {
	in     chan string
	done   chan int
	queues map[string]int // run's alone
}

func newServer() *server {
	s := &server{in: make(chan string), done: make(chan int), queues: map[string]int{}}
	go s.run()
	return s
}

// run counts the packets of each queue until in is closed.
func (s *server) run() {
	for q := range s.in {
		s.queues[q]++
	}
	s.done <- len(s.queues)
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s := newServer()
			for j := range 1000 {
				s.in <- fmt.Sprint("q", (i+j)%8)
			}
			close(s.in)
			<-s.done
		})
	}
	wg.Wait()
	fmt.Println("done")
}
