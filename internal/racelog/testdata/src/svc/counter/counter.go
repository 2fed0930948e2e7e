// Package counter counts words in a map that every caller shares.
package counter

import "sync"

// Counter counts words. It has no lock: that is the bug.
type Counter struct {
	seen map[string]int
}

// New returns an empty Counter.
func New() *Counter { return &Counter{seen: make(map[string]int)} }

// Add counts one word.
func (c *Counter) Add(w string) { c.seen[w]++ }

// Count reports how often w was added.
func (c *Counter) Count(w string) int { return c.seen[w] }

// Forget drops w.
func (c *Counter) Forget(w string) { delete(c.seen, w) }

// AddAll adds every word, one goroutine per word.
func (c *Counter) AddAll(words []string) {
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() { c.Add(w) })
	}
	wg.Wait()
}
