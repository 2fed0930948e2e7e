// Readers lock through the sync.Locker that RLocker returns: lookups
// take c.mu's read lock through it, writes take c.mu itself.
//
// want none
// known false "corpus/src/lockform_rlocker.dnsCache.addrs" "the Locker that RLocker returns, reached through a helper method, is not taken as the read side of c.mu"
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type dnsCache struct {
	mu    sync.RWMutex
	addrs map[string]string
}

// readLocker is the Locker that takes the read side of c.mu.
func (c *dnsCache) readLocker() sync.Locker { return c.mu.RLocker() }

// Lookup returns a cached address.
func (c *dnsCache) Lookup(host string) (string, bool) {
	l := c.readLocker()
	l.Lock()
	defer l.Unlock()
	a, ok := c.addrs[host]
	return a, ok
}

// Store caches an address.
func (c *dnsCache) Store(host, addr string) {
	c.mu.Lock()
	c.addrs[host] = addr
	c.mu.Unlock()
}

func main() {
	c := &dnsCache{addrs: map[string]string{}}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				host := fmt.Sprintf("svc%d.internal", (i+j)%20)
				if _, ok := c.Lookup(host); !ok || j%5 == 0 {
					c.Store(host, fmt.Sprint("10.1.0.", j%250))
				}
			}
		})
	}
	wg.Wait()
	_, ok := c.Lookup("svc1.internal")
	fmt.Println(ok)
}
