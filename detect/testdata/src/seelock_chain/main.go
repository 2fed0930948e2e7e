// A lock held two calls up: Add and Merge hold b.mu and call insertLocked,
// which calls growLocked; both helpers touch the buckets map and are
// reached only from code that holds b.mu.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type histogram struct {
	mu      sync.Mutex
	buckets map[int]int
	width   int
}

// growLocked widens the buckets when there are too many; b.mu is held.
func (b *histogram) growLocked() {
	if len(b.buckets) <= 32 {
		return
	}
	old := b.buckets
	b.buckets = make(map[int]int)
	b.width *= 2
	for k, n := range old {
		b.buckets[k/2] += n
	}
}

// insertLocked counts v; b.mu is held.
func (b *histogram) insertLocked(v, n int) {
	b.buckets[v/b.width] += n
	b.growLocked()
}

// Add counts one value.
func (b *histogram) Add(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.insertLocked(v, 1)
}

// Merge adds counts gathered elsewhere.
func (b *histogram) Merge(counts map[int]int) {
	b.mu.Lock()
	for v, n := range counts {
		b.insertLocked(v, n)
	}
	b.mu.Unlock()
}

// Count returns the number of values in v's bucket.
func (b *histogram) Count(v int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buckets[v/b.width]
}

func main() {
	h := &histogram{buckets: map[int]int{}, width: 1}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				h.Add(i*1000 + j)
			}
		})
	}
	wg.Go(func() {
		for j := range 3000 {
			h.Merge(map[int]int{j: 1, j * 7: 2})
			_ = h.Count(j)
		}
	})
	wg.Wait()
	fmt.Println(h.Count(5) > 0)
}
