// A counter store whose production code always holds c.mu; the only
// unlocked access is in main_test.go, where a goroutine peeks at the map
// while the incrementing goroutines run. The finding belongs to the test,
// and its fix is to hold c.mu there, not to change the store's map.
//
// want shared "corpus/src/testonly_peek.counterStore.counts"
// want suggestion "corpus/src/testonly_peek.counterStore.counts" "hold c.mu (Lock) at src/testonly_peek/main_test.go:20:12, as 2 other accesses do"
// expect: finding in the test only; fix: hold c.mu in the test
// verified: go run -race reports no race; go test -race reports DATA RACE
// (the read in TestConcurrentInc against Inc)
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
