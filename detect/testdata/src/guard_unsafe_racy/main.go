// A cache whose forgotten locks cannot all be taken where the map is
// touched: bump is also called with c.mu held (taking it there would
// deadlock, so the lock moves up to touch's call), dump's loop calls out
// for every entry, and fill receives from a channel inside the
// statement. The guard says so for each site, and so offers no lock fix.
//
// want shared "corpus/src/guard_unsafe_racy.cache.m"
// verified: go run -race reports DATA RACE (bump called by touch against
// bump called by inc; the race detector reports the first race on the map)
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *cache) inc(k string) {
	c.mu.Lock()
	c.bump(k)
	c.mu.Unlock()
}

func (c *cache) bump(k string) {
	c.m[k]++
}

func (c *cache) touch(k string) {
	c.bump(k) // forgot c.mu
}

func (c *cache) set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func (c *cache) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *cache) del(k string) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

func (c *cache) dump() {
	for k, v := range c.m { // forgot c.mu
		report(k, v)
	}
}

func (c *cache) fill(k string, ch <-chan int) {
	c.m[k] = <-ch // forgot c.mu
}

func report(k string, v int) { fmt.Sprint(k, v) }

func main() {
	c := &cache{m: map[string]int{}}
	ch := make(chan int, 100)
	for i := range 100 {
		ch <- i
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 100 {
			c.inc(fmt.Sprint(i % 5))
			c.set("x", i)
			c.del("y")
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 100 {
			c.touch(fmt.Sprint(i % 5))
			c.dump()
			c.fill("y", ch)
		}
	}()
	wg.Wait()
	fmt.Println(c.get("x") >= 0)
}
