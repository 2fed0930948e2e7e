// The cache's Each walks the map on a goroutine of its own; main fills a
// cache and hands it to an exporter goroutine that only walks it. The
// stress test makes a cache of its own, with a collector that holds it,
// and writes it from a goroutine of its own: nothing hands that cache to
// Each, so its writer never meets an Each goroutine.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"fmt"
)

type cache struct {
	items map[string]int
}

func newCache() *cache { return &cache{items: make(map[string]int)} }

func (c *cache) add(k string, v int) { c.items[k] = v }

func (c *cache) size() int { return len(c.items) }

// Each sends every value on the channel it returns, from a goroutine.
func (c *cache) Each() <-chan int {
	out := make(chan int)
	go func() {
		for _, v := range c.items {
			out <- v
		}
		close(out)
	}()
	return out
}

type collector struct{ caches []*cache }

func (col *collector) addCache(c *cache) { col.caches = append(col.caches, c) }

func (col *collector) total() int {
	n := 0
	for _, c := range col.caches {
		n += c.size()
	}
	return n
}

// Store is what the exporter needs of a cache.
type Store interface{ Each() <-chan int }

// export sums a store it no longer writes.
func export(st Store, out chan<- int) {
	sum := 0
	for v := range st.Each() {
		sum += v
	}
	out <- sum
}

func main() {
	c := newCache()
	for i := range 10 {
		c.add(fmt.Sprint(i), i)
	}
	out := make(chan int)
	go export(c, out)
	fmt.Println(<-out)
}
