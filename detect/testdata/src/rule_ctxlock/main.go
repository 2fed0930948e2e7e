// A peer table whose addLocked helper writes the map and expects s.mu to
// be held. The constructor calls it without the lock, to load the seed
// peers, before any goroutine exists; the gossip goroutines call it only
// with s.mu held. Every call that runs beside another goroutine locks.
//
// want none
// verified: go run -race reports no race (15 runs)
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
	wg.Wait()
	fmt.Println(s.Len())
}
