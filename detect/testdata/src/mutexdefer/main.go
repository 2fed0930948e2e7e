// Every access holds c.mu, released by defer.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

type counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counter) Inc(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k]++
}

func (c *counter) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func main() {
	c := &counter{m: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Inc("x")
				_ = c.Get("x")
			}
		}()
	}
	wg.Wait()
	fmt.Println(c.Get("x"))
}
