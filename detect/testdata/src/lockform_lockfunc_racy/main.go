// The peer registry of lockform_lockfunc with one lock forgotten: Leave
// deletes without calling r.lock(), racing with Join and Addr.
//
// want shared "corpus/src/lockform_lockfunc_racy.peerRegistry.peers"
// want suggestion "corpus/src/lockform_lockfunc_racy.peerRegistry.peers" "hold r.mu (Lock) at src/lockform_lockfunc_racy/main.go:33:9, as 2 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type peerRegistry struct {
	mu    sync.Mutex
	peers map[string]string
}

// lock takes r.mu and returns the function that releases it.
func (r *peerRegistry) lock() func() {
	r.mu.Lock()
	return r.mu.Unlock
}

// Join records a peer's address.
func (r *peerRegistry) Join(name, addr string) {
	defer r.lock()()
	r.peers[name] = addr
}

// Leave forgets a peer.
func (r *peerRegistry) Leave(name string) {
	delete(r.peers, name) // forgot r.lock()
}

// Addr returns a peer's address.
func (r *peerRegistry) Addr(name string) string {
	defer r.lock()()
	return r.peers[name]
}

func main() {
	r := &peerRegistry{peers: map[string]string{}}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				name := fmt.Sprint("node", (i+j)%8)
				r.Join(name, fmt.Sprint("10.0.0.", j%8))
				_ = r.Addr(name)
				if j%3 == 0 {
					r.Leave(name)
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(r.Addr("node1") != "x")
}
