// The deferred cleanup of rule_deferjoin_racy in the right order: it
// stops the collector, waits for it, and only then empties the table the
// collector filled. Deferred, the cleanup runs at return, after the go
// statement, and its own wait orders the deletes after the goroutine.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type collector struct {
	counts map[string]int
	in     chan string
	wg     sync.WaitGroup
}

func (c *collector) run() {
	defer c.wg.Done()
	for s := range c.in {
		c.counts[s]++
	}
}

func (c *collector) reset() {
	for k := range c.counts {
		delete(c.counts, k)
	}
}

func tally(words []string) (distinct int) {
	c := &collector{counts: map[string]int{}, in: make(chan string)}
	defer func() {
		close(c.in)
		c.wg.Wait()
		distinct = len(c.counts)
		c.reset()
	}()
	c.wg.Add(1)
	go c.run()
	for _, w := range words {
		c.in <- w
	}
	return 0
}

func main() {
	fmt.Println(tally([]string{"a", "b", "a", "c", "b", "a"}))
}
