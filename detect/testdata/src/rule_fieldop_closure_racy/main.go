// The actor of rule_fieldop, but count asks size directly instead of
// through the loop: the callers' goroutines read the table while the
// loop's closures write it.
//
// want shared "corpus/src/rule_fieldop_closure_racy.server.peers"
// known miss "corpus/src/rule_fieldop_closure_racy.server.peers" "found only at possible confidence: the closure's write runs on the loop's goroutine, but on the server the caller captured, which mapfix does not tie to the loop's own receiver (the request carries it over the channel)"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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

func (s *server) count() int { return s.size() }

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
