// Put writes under RLock: read locks do not exclude each other. No lock
// fix is suggested: taking c.mu with Lock inside the RLock would deadlock
// (the fix is to take Lock instead of RLock, which the lock fix does not
// write).
//
// want shared "corpus/src/rlockwrite.cache.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu sync.RWMutex
	m  map[int]int
}

func (c *cache) Put(k, v int) {
	c.mu.RLock()
	c.m[k] = v
	c.mu.RUnlock()
}

func (c *cache) Get(k int) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func main() {
	c := &cache{m: map[int]int{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Put(j, i)
			}
		}()
	}
	wg.Wait()
	fmt.Println(c.Get(1) >= 0)
}
