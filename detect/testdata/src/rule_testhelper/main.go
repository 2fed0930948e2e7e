// A raft-like node: AddPeer writes the peer table under n.mu, and the
// loop, which is the table's only other user, ranges over it without the
// lock once it leads, after an election timeout. newTestCluster, in a
// production file but called only by the tests, starts each node and then
// adds its peers while the loop runs: the tests stop the nodes long before
// any of them leads. Only that test helper witnesses the pair, on a type
// that locks, so it is possible, as for a pair a test's own code makes
// (the helper used to count as production code, and the pair as certain:
// seaweedfs/raft's newTestCluster).
//
// want none
// verified: go test -race reports no race (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

const electionTimeout = 2 * time.Second

type node struct {
	mu    sync.Mutex
	peers map[string]int
	stop  chan struct{}
	done  chan struct{}
}

func newNode() *node {
	return &node{peers: make(map[string]int), stop: make(chan struct{}), done: make(chan struct{})}
}

// AddPeer adds a peer to the table.
func (n *node) AddPeer(name string) {
	n.mu.Lock()
	n.peers[name] = len(n.peers)
	n.mu.Unlock()
}

// Start runs the node's loop.
func (n *node) Start() { go n.loop() }

// Stop ends the loop and waits for it.
func (n *node) Stop() {
	close(n.stop)
	<-n.done
}

func (n *node) loop() {
	defer close(n.done)
	leader := false
	for {
		var ok bool
		if leader {
			ok = n.leaderLoop()
		} else {
			ok = n.followerLoop()
			leader = true
		}
		if !ok {
			return
		}
	}
}

// followerLoop waits out the election timeout.
func (n *node) followerLoop() bool {
	select {
	case <-n.stop:
		return false
	case <-time.After(electionTimeout):
		return true
	}
}

// leaderLoop sends one round of heartbeats.
func (n *node) leaderLoop() bool {
	for name := range n.peers {
		_ = name
	}
	select {
	case <-n.stop:
		return false
	case <-time.After(time.Millisecond):
		return true
	}
}

func main() {
	n := newNode()
	n.AddPeer("a")
	n.AddPeer("b")
	n.Start()
	n.Stop()
	fmt.Println("stopped")
}
