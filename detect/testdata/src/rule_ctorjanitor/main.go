// The twin of rule_ctorjanitor_racy: the janitor takes the lock Put and
// Len take, around its sweep of the cache the constructor returned.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
	"time"
)

type ttlCache struct {
	mu     sync.Mutex
	expiry map[string]time.Time
	done   chan struct{}
}

func newTTLCache() *ttlCache {
	c := &ttlCache{expiry: map[string]time.Time{}, done: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *ttlCache) janitor() {
	t := time.NewTicker(50 * time.Microsecond)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case now := <-t.C:
			c.sweep(now)
		}
	}
}

// sweep drops the keys expired at now.
func (c *ttlCache) sweep(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, at := range c.expiry {
		if now.After(at) {
			delete(c.expiry, k)
		}
	}
}

// Put keeps k for ttl.
func (c *ttlCache) Put(k string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expiry[k] = time.Now().Add(ttl)
}

// Len counts the keys not swept yet.
func (c *ttlCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.expiry)
}

func main() {
	c := newTTLCache()
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range 300 {
				c.Put(fmt.Sprint(w, "-", i), time.Microsecond)
				time.Sleep(time.Microsecond)
			}
		}(w)
	}
	wg.Wait()
	close(c.done)
	fmt.Println(c.Len() >= 0)
}
