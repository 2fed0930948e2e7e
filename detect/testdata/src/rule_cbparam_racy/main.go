// The connection of rule_cbparam with one shortcut: the keepalive
// goroutine ranges over c.st.streams directly instead of in a callback
// given to update, so it reads the stream table without c.mu while the
// reader and writer change it.
//
// want shared "corpus/src/rule_cbparam_racy.state.streams"
// known miss "corpus/src/rule_cbparam_racy.state.streams" "found only at possible confidence: the pair of the keepalive range of c.st.streams and the writes in update callbacks is not witnessed"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type state struct {
	streams map[uint32]int // stream id -> bytes in flight
	nextID  uint32
}

type conn struct {
	mu sync.Mutex
	st state
}

// update runs f on the connection state with c.mu held.
func (c *conn) update(f func(st *state)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.st)
}

func main() {
	c := &conn{st: state{streams: map[uint32]int{}}}
	var wg sync.WaitGroup
	wg.Go(func() { // writer: opens streams and queues data
		for j := range 30000 {
			c.update(func(st *state) {
				st.nextID++
				st.streams[st.nextID%32] += j % 100
			})
		}
	})
	wg.Go(func() { // reader: acknowledges data
		for j := range 30000 {
			c.update(func(st *state) {
				id := uint32(j % 32)
				if st.streams[id] > 0 {
					st.streams[id] = 0
				}
			})
		}
	})
	done := make(chan struct{})
	var keepalive sync.WaitGroup
	keepalive.Go(func() { // keepalive: counts busy streams until closed
		for {
			select {
			case <-done:
				return
			default:
			}
			busy := 0
			for _, n := range c.st.streams { // reads the state outside update
				if n > 0 {
					busy++
				}
			}
			_ = busy
		}
	})
	wg.Wait()
	close(done)
	keepalive.Wait()
	var open int
	c.update(func(st *state) { open = len(st.streams) })
	fmt.Println(open)
}
