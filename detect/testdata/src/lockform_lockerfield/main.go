// A blob cache whose lock is a sync.Locker field, chosen by the caller
// (a *sync.Mutex here): every access of items holds c.mu through the
// interface.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type blobCache struct {
	mu    sync.Locker
	items map[string][]byte
}

func newBlobCache(l sync.Locker) *blobCache {
	return &blobCache{mu: l, items: make(map[string][]byte)}
}

// Get returns a cached blob.
func (c *blobCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.items[key]
	return b, ok
}

// Set caches a blob.
func (c *blobCache) Set(key string, b []byte) {
	c.mu.Lock()
	c.items[key] = b
	c.mu.Unlock()
}

// Evict drops a blob.
func (c *blobCache) Evict(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, key)
}

func main() {
	c := newBlobCache(&sync.Mutex{})
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				key := fmt.Sprint("blob", (i+j)%16)
				if _, ok := c.Get(key); !ok {
					c.Set(key, []byte(key))
				}
			}
		})
	}
	wg.Go(func() {
		for j := range 3000 {
			c.Evict(fmt.Sprint("blob", j%16))
		}
	})
	wg.Wait()
	_, ok := c.Get("blob1")
	fmt.Println(ok || !ok)
}
