// A queue of new peers with a "priority lock": writers take prio.RLock
// (many at once) and mu to serialise among themselves; the drainer takes
// prio.Lock, which waits for every writer's RLock to be released and keeps
// new ones out. A write holds prio in read mode and the drainer holds it
// exclusively, so the two never overlap; two writers share mu.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type notifier struct {
	prio    sync.RWMutex
	mu      sync.Mutex
	pending map[int]bool
	seen    int
}

// add queues a peer.
func (n *notifier) add(peer int) {
	n.prio.RLock()
	n.mu.Lock()
	n.pending[peer] = true
	n.mu.Unlock()
	n.prio.RUnlock()
}

// drain takes the queued peers.
func (n *notifier) drain() {
	n.prio.Lock()
	if len(n.pending) > 0 {
		n.seen += len(n.pending)
		n.pending = make(map[int]bool)
	}
	n.prio.Unlock()
}

func main() {
	n := &notifier{pending: map[int]bool{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 2000 {
				n.add(i*10000 + j)
			}
		})
	}
	wg.Go(func() {
		for range 500 {
			n.drain()
		}
	})
	wg.Wait()
	n.drain()
	fmt.Println(n.seen)
}
