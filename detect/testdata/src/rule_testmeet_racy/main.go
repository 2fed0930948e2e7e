// The server of rule_testmeet, but its test starts the server before it
// changes the membership from another goroutine: AddPeer and RemovePeer
// write the map under s.mu while the heartbeat loop ranges over it
// without the lock.
//
// want shared "corpus/src/rule_testmeet_racy.server.peers"
// known miss "corpus/src/rule_testmeet_racy.server.peers" "found only at possible confidence: only a goroutine the test starts witnesses the pair, on a production type that locks; such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// want suggestion "corpus/src/rule_testmeet_racy.server.peers" "hold s.mu (Lock) at src/rule_testmeet_racy/main.go:71:14, as 3 other accesses do"
// verified: go test -race reports DATA RACE; go run -race reports no race
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
