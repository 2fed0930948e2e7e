// A replay actor guarded by a mutex made of a capacity-1 channel: Lock
// sends, Unlock receives. Every access of out holds it, so the sender and
// the replaying goroutine never overlap.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type chanMutex chan struct{}

func newChanMutex() chanMutex { return make(chanMutex, 1) }

func (m chanMutex) Lock()   { m <- struct{}{} }
func (m chanMutex) Unlock() { <-m }

type actor struct {
	mx  chanMutex
	out map[string][]int // messages sent, per peer
}

// send records a message to peer.
func (a *actor) send(peer string, msg int) {
	a.mx.Lock()
	defer a.mx.Unlock()
	a.out[peer] = append(a.out[peer], msg)
}

// replay counts what was sent to every peer.
func (a *actor) replay() int {
	a.mx.Lock()
	defer a.mx.Unlock()
	n := 0
	for _, msgs := range a.out {
		n += len(msgs)
	}
	return n
}

func main() {
	a := &actor{mx: newChanMutex(), out: map[string][]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 2000 {
			a.send(fmt.Sprint("p", i%5), i)
		}
	})
	wg.Go(func() {
		for range 200 {
			_ = a.replay()
		}
	})
	wg.Wait()
	fmt.Println(a.replay())
}
