// A server whose heartbeat loop, started by Start, ranges over its peers
// without the lock: main adds every peer before Start, and the loop is
// then the only code that touches the map but for the locked Peers. The
// test exercises AddPeer and Peers from two goroutines on a server it
// never starts, and another test starts one after its last AddPeer: no
// loop runs beside the membership changes.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"fmt"
	"sync"
	"time"
)

type server struct {
	mu    sync.Mutex
	peers map[string]int
	stop  chan struct{}
	done  chan struct{}
	beats int
}

func newServer() *server {
	return &server{peers: make(map[string]int), stop: make(chan struct{}), done: make(chan struct{})}
}

// AddPeer adds a peer; callers must not call it once the server runs.
func (s *server) AddPeer(name string) {
	s.mu.Lock()
	s.peers[name]++
	s.mu.Unlock()
}

// RemovePeer removes a peer, under the same rule as AddPeer.
func (s *server) RemovePeer(name string) {
	s.mu.Lock()
	delete(s.peers, name)
	s.mu.Unlock()
}

// Peers returns the peer names.
func (s *server) Peers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for p := range s.peers {
		out = append(out, p)
	}
	return out
}

// Start runs the heartbeat loop.
func (s *server) Start() { go s.loop() }

// Stop ends the loop and waits for it.
func (s *server) Stop() {
	close(s.stop)
	<-s.done
}

func (s *server) loop() {
	defer close(s.done)
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(time.Millisecond):
			for range s.peers {
				s.beats++
			}
		}
	}
}

func main() {
	s := newServer()
	for _, p := range []string{"a", "b", "c"} {
		s.AddPeer(p)
	}
	s.Start()
	time.Sleep(10 * time.Millisecond)
	fmt.Println(len(s.Peers()))
	s.Stop()
}
