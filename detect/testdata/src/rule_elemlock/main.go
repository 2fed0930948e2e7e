// A cache keeps its entries in buckets, maps inside the elements of a
// slice, all guarded by the cache's own lock: the janitor and the writers
// reach them as c.buckets[i].entries or through a bucket's method, always
// under c.mu.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type bucket struct {
	entries map[string]int
}

// add records k; the cache's lock is held.
func (b *bucket) add(k string) { b.entries[k]++ }

type cache struct {
	mu      sync.Mutex
	buckets []bucket
}

func (c *cache) put(k string) {
	c.mu.Lock()
	c.buckets[len(k)%len(c.buckets)].add(k)
	c.mu.Unlock()
}

func (c *cache) sweep() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for i := range c.buckets {
		for k := range c.buckets[i].entries {
			delete(c.buckets[i].entries, k)
			n++
		}
	}
	return n
}

func main() {
	c := &cache{buckets: []bucket{{entries: map[string]int{}}, {entries: map[string]int{}}}}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := range 3000 {
				c.put(fmt.Sprint("k", (w*7+i)%11))
			}
		})
	}
	wg.Go(func() {
		for range 300 {
			c.sweep()
		}
	})
	wg.Wait()
	fmt.Println(c.sweep() >= 0)
}
