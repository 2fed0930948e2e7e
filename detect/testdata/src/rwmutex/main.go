// Reads hold RLock, writes hold Lock of the same RWMutex.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

type config struct {
	mu     sync.RWMutex
	values map[string]string
}

func (c *config) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.values[k]
	return v, ok
}

func (c *config) Set(k, v string) {
	c.mu.Lock()
	c.values[k] = v
	c.mu.Unlock()
}

func (c *config) Keys() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []string
	for k := range c.values {
		out = append(out, k)
	}
	return out
}

func main() {
	c := &config{values: map[string]string{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Set(fmt.Sprint(j), fmt.Sprint(i))
				c.Get(fmt.Sprint(j))
				_ = c.Keys()
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(c.Keys()))
}
