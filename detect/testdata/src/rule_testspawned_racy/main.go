// The hub of rule_testspawned, with a test that adds clients from
// goroutines it starts itself and polls the table without h.mu while they
// run: the tests' own unlocked access against goroutines the test
// starts, certain, and its fix is the lock in the test.
//
// want shared "corpus/src/rule_testspawned_racy.hub.clients"
// want suggestion "corpus/src/rule_testspawned_racy.hub.clients" "hold h.mu (RLock) at src/rule_testspawned_racy/main_test.go:17:10, as 4 other accesses do"
// expect: finding in the test only; fix: hold h.mu in the test
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
