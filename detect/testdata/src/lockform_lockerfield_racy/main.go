// The blob cache of lockform_lockerfield with one lock forgotten: Evict
// deletes without c.mu, racing with Get and Set.
//
// want shared "corpus/src/lockform_lockerfield_racy.blobCache.items"
// want suggestion "corpus/src/lockform_lockerfield_racy.blobCache.items" "hold c.mu (Lock) at src/lockform_lockerfield_racy/main.go:40:9, as 2 other accesses do"
// verified: go run -race reports DATA RACE
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
	delete(c.items, key) // forgot c.mu
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
