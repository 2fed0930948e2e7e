// The priority lock of rule_priolock without the writers' own mutex:
// writers hold only prio.RLock, which many hold at once, so two writers
// write pending at the same time.
//
// want shared "corpus/src/rule_priolock_racy.notifier.pending"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type notifier struct {
	prio    sync.RWMutex
	pending map[int]bool
	seen    int
}

// add queues a peer.
func (n *notifier) add(peer int) {
	n.prio.RLock()
	n.pending[peer] = true // prio is held by other writers too
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
