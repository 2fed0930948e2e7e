// The replay actor of rule_chanmutex, but replay forgets the channel
// mutex: it ranges over out while the sender appends to it.
//
// want shared "corpus/src/rule_chanmutex_racy.actor.out"
// verified: go run -race reports DATA RACE
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
	n := 0 // forgot a.mx
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
