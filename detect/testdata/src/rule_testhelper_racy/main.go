// The node of rule_testhelper with no election timeout, and the cluster
// helper used by main itself: main starts each node and then adds its
// peers while the loop already ranges over the table without the lock.
//
// want shared "corpus/src/rule_testhelper_racy.node.peers"
// want suggestion "corpus/src/rule_testhelper_racy.node.peers" "hold n.mu (Lock) at src/rule_testhelper_racy/main.go:46:21, as 2 other accesses do"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

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
	for {
		for name := range n.peers {
			_ = name
		}
		select {
		case <-n.stop:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// newCluster starts size nodes and tells each of the others.
func newCluster(size int) []*node {
	var nodes []*node
	for range size {
		nodes = append(nodes, newNode())
	}
	for _, n := range nodes {
		n.Start()
		for i := range nodes {
			time.Sleep(time.Millisecond)
			n.AddPeer(fmt.Sprint("n", i))
		}
	}
	return nodes
}

func main() {
	nodes := newCluster(3)
	for _, n := range nodes {
		n.Stop()
	}
	fmt.Println("stopped")
}
