// An actor: every method wraps its work in a closure and hands it to the
// server's loop inside a request (s.ops <- &op{run: f}), and the loop runs
// it with o.run(). The closures run on the loop's goroutine, one at a
// time, whichever goroutine asked; the callers only wait for the answer.
// (The closure used to count as running in the caller, so two callers'
// closures looked like a race.)
//
// want none
// verified: go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type op struct {
	run  func() error
	done chan error
}

type server struct {
	ops   chan *op
	peers map[string]int
}

func (s *server) serve() {
	for o := range s.ops {
		s.handle(o)
	}
}

func (s *server) handle(o *op) {
	o.done <- o.run()
}

// do hands f to the loop and waits for its result.
func (s *server) do(f func() error) error {
	done := make(chan error)
	s.ops <- &op{run: f, done: done}
	return <-done
}

func (s *server) addPeer(name string) error {
	return s.do(func() error { return s.add(name) })
}

func (s *server) add(name string) error {
	if _, ok := s.peers[name]; ok {
		return fmt.Errorf("peer %s exists", name)
	}
	s.peers[name] = len(s.peers)
	return nil
}

func (s *server) count() (n int) {
	_ = s.do(func() error {
		n = s.size()
		return nil
	})
	return n
}

func (s *server) size() int { return len(s.peers) }

func main() {
	s := &server{ops: make(chan *op), peers: make(map[string]int)}
	go s.serve()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.addPeer(fmt.Sprint("p", i))
			_ = s.count()
		}()
	}
	wg.Wait()
	fmt.Println(s.count())
}
