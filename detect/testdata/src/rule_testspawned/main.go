// A hub whose production code always holds h.mu: Broadcast drops each
// failing client on a goroutine of its own. The test sets a client up
// without the lock, between a Broadcast with no clients (which starts
// nothing) and one that starts the drop, so nothing runs at the time of
// the write. Its only unlocked access is the test's, but the goroutine
// it would race with is started by the hub, not by the test: on a type
// that locks, that is possible, as any pair only a test witnesses
// (coredns's dnstap listener test does this).
//
// want none
// verified: go test -race reports no race (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sync"
)

type client struct{ fail bool }

type hub struct {
	mu      sync.RWMutex
	clients map[*client]struct{}
	wg      sync.WaitGroup
}

func newHub() *hub { return &hub{clients: make(map[*client]struct{})} }

// Add registers c.
func (h *hub) Add(c *client) {
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
}

// Len counts the clients.
func (h *hub) Len() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.clients)
}

// Broadcast drops every failing client, each on a goroutine of its own.
func (h *hub) Broadcast() {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for c := range h.clients {
		if c.fail {
			h.wg.Add(1)
			go h.remove(c)
		}
	}
}

func (h *hub) remove(c *client) {
	defer h.wg.Done()
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

func main() {
	h := newHub()
	h.Add(&client{fail: true})
	h.Add(&client{})
	h.Broadcast()
	h.wg.Wait()
	fmt.Println(h.Len())
}
