// The peer table of rule_ctxlock, with a goroutine that forgets the
// lock: the prober calls addLocked without s.mu while the gossip
// goroutines call it with s.mu held.
//
// want shared "corpus/src/rule_ctxlock_racy.peerTable.peers"
// want suggestion "corpus/src/rule_ctxlock_racy.peerTable.peers" "hold s.mu (Lock) at src/rule_ctxlock_racy/main.go:28:3, src/rule_ctxlock_racy/main.go:45:3, as 1 other access does"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type peerTable struct {
	mu    sync.Mutex
	peers map[string]int // address -> heartbeats seen
}

// addLocked counts a heartbeat from addr; s.mu must be held.
func (s *peerTable) addLocked(addr string) {
	s.peers[addr]++
}

func newPeerTable(seeds []string) *peerTable {
	s := &peerTable{peers: map[string]int{}}
	for _, addr := range seeds {
		s.addLocked(addr) // no goroutine has the table yet
	}
	return s
}

// gossip records the heartbeats of n rounds.
func (s *peerTable) gossip(from []string, n int) {
	for i := range n {
		s.mu.Lock()
		s.addLocked(from[i%len(from)])
		s.mu.Unlock()
	}
}

// probe records the answers to n direct probes.
func (s *peerTable) probe(addr string, n int) {
	for range n {
		s.addLocked(addr) // forgot s.mu
	}
}

// Len returns the number of known peers.
func (s *peerTable) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.peers)
}

func main() {
	s := newPeerTable([]string{"10.0.0.1:7946", "10.0.0.2:7946"})
	var wg sync.WaitGroup
	for i := range 3 {
		from := []string{fmt.Sprintf("10.0.1.%d:7946", i), "10.0.0.1:7946"}
		wg.Go(func() { s.gossip(from, 1000) })
	}
	wg.Go(func() { s.probe("10.0.0.2:7946", 1000) })
	wg.Wait()
	fmt.Println(s.Len())
}
