// The lock lending of rule_litafterwait, but Put wakes its waiters by
// closing their channel: a close wakes every Get at once, and while Put
// holds the lock for all of them, their calls of take write g.seen side
// by side.
//
// want shared "corpus/src/rule_litafterwait_broadcast_racy.gate.seen"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type gate struct {
	mu    sync.Mutex
	seen  map[int]bool
	ready chan struct{}
	done  sync.WaitGroup
}

// Get waits for Put, then records its keys.
func (g *gate) Get(k int) {
	take := func() {
		for i := range 100 {
			g.seen[k*1000+i] = true
		}
	}
	<-g.ready
	take()
	g.done.Done()
}

// Put wakes n waiting Gets and holds the lock until they are done.
func (g *gate) Put(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done.Add(n)
	close(g.ready)
	g.done.Wait()
}

func main() {
	g := &gate{seen: map[int]bool{}, ready: make(chan struct{})}
	go g.Get(1)
	go g.Get(2)
	g.Put(2)
	fmt.Println(len(g.seen))
}
