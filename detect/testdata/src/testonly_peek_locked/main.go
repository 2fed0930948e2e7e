// The counter store of testonly_peek, whose test holds c.mu while it
// peeks at the map: production and test code all hold the same lock.
//
// want none
// verified: go run -race and go test -race report no race (3 runs each)
package main

import (
	"fmt"
	"sync"
)

type counterStore struct {
	mu     sync.Mutex
	counts map[string]int
}

// Inc adds one to k's count.
func (c *counterStore) Inc(k string) {
	c.mu.Lock()
	c.counts[k]++
	c.mu.Unlock()
}

// Get returns k's count.
func (c *counterStore) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[k]
}

func main() {
	c := &counterStore{counts: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Inc("hits")
			}
		})
	}
	wg.Wait()
	fmt.Println(c.Get("hits"))
}
