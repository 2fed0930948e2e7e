// The cleanup goroutine waits for the context to be cancelled, then
// empties the connection table, while the accept goroutine may still be
// adding to it: a cancellation says nothing about what the accept loop
// did. (A wait on ctx.Done() or a timer does not order the access after
// it.)
//
// want shared "corpus/src/review_cancelwait_racy.Server.conns"
// verified: go run -race reports DATA RACE
package main

import (
	"context"
	"fmt"
	"sync"
)

type Server struct{ conns map[string]int }

func (s *Server) accept(names <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for n := range names {
		s.conns[n]++
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	names := make(chan string)
	s := &Server{conns: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go s.accept(names, &wg)
	go func() {
		defer wg.Done()
		<-ctx.Done()
		for k := range s.conns {
			delete(s.conns, k)
		}
	}()
	names <- "a"
	cancel()
	for i := range 100 {
		names <- fmt.Sprint(i % 4)
	}
	close(names)
	wg.Wait()
	fmt.Println("done")
}
