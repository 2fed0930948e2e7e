// The hub of rule_testspawned, with a test that sets up its second client
// without the lock while the drop the first Broadcast started still runs:
// a real race of the test's unlocked write against a goroutine the hub
// starts.
//
// want shared "corpus/src/rule_testspawned_prod_racy.hub.clients"
// known miss "corpus/src/rule_testspawned_prod_racy.hub.clients" "found only at possible confidence: the test's unlocked write races with a goroutine the hub starts, not one the test starts; on a type that locks such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// verified: go test -race reports DATA RACE (10 of 10 runs); go run -race reports no race (10 of 10 runs)
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
