// The DNS cache of lockform_rlocker, but Store also locks through the
// read Locker: writes under a read lock run at the same time as each
// other and as the lookups.
//
// want shared "corpus/src/lockform_rlocker_racy.dnsCache.addrs"
// want suggestion "corpus/src/lockform_rlocker_racy.dnsCache.addrs" "hold c.mu (Lock) at src/lockform_rlocker_racy/main.go:36:2, as 1 other access does"
// known suggestion "corpus/src/lockform_rlocker_racy.dnsCache.addrs" "names the Locker variable l instead of c.mu, which RLocker reads"
// verified: go run -race reports DATA RACE
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
	l := c.readLocker() // a read lock, for a write
	l.Lock()
	c.addrs[host] = addr
	l.Unlock()
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
