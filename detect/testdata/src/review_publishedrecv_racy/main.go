// Start makes a cache and starts its janitor, but register publishes the
// cache in a package list first: Sweep's goroutine finds it there and
// writes its map while the janitor deletes from it. (A value its starter
// made is kept only when the methods called on it keep their receiver.)
//
// want shared "corpus/src/review_publishedrecv_racy.Cache.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

var (
	mu  sync.Mutex
	all []*Cache
	wg  sync.WaitGroup
)

type Cache struct{ m map[string]int }

func (c *Cache) register() { mu.Lock(); all = append(all, c); mu.Unlock() }

func (c *Cache) janitor() {
	defer wg.Done()
	for range 200 {
		for k := range c.m {
			delete(c.m, k)
		}
	}
}

func Start() {
	c := &Cache{m: map[string]int{"a": 1}}
	c.register()
	wg.Add(1)
	go c.janitor()
}

func Sweep() {
	wg.Add(1)
	go func() {
		defer wg.Done()
		mu.Lock()
		list := all
		mu.Unlock()
		for i := range 200 {
			for _, c := range list {
				c.m[fmt.Sprint(i%3)] = i
			}
		}
	}()
}

func main() {
	Start()
	Sweep()
	wg.Wait()
	fmt.Println("done")
}
