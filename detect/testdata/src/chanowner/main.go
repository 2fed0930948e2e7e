// A map owned by one goroutine: the store's loop is the only code that
// touches sessions, and other goroutines reach it by sending requests over
// channels and waiting for the reply. Also a local map owned by a
// goroutine that ranges over a channel.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

type getReq struct {
	id    string
	reply chan int
}

type putReq struct {
	id string
	n  int
}

type store struct {
	sessions map[string]int
	gets     chan getReq
	puts     chan putReq
	quit     chan struct{}
}

func newStore() *store {
	s := &store{
		sessions: map[string]int{},
		gets:     make(chan getReq),
		puts:     make(chan putReq),
		quit:     make(chan struct{}),
	}
	go s.loop()
	return s
}

func (s *store) loop() {
	for {
		select {
		case r := <-s.gets:
			r.reply <- s.sessions[r.id]
		case p := <-s.puts:
			s.sessions[p.id] += p.n
		case <-s.quit:
			return
		}
	}
}

func (s *store) get(id string) int {
	reply := make(chan int)
	s.gets <- getReq{id, reply}
	return <-reply
}

func (s *store) add(id string, n int) { s.puts <- putReq{id, n} }

func main() {
	s := newStore()
	words := make(chan string)
	counted := make(chan int)
	go func() {
		seen := map[string]bool{}
		for w := range words {
			seen[w] = true
		}
		counted <- len(seen)
	}()

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				id := fmt.Sprint("user", (i+j)%5)
				s.add(id, 1)
				_ = s.get(id)
				words <- id
			}
		})
	}
	wg.Wait()
	close(words)
	fmt.Println(<-counted, "distinct,", s.get("user1"), "for user1")
	close(s.quit)
}
