// The histogram of seelock_chain with one lock forgotten: Merge calls
// insertLocked, and through it growLocked, without b.mu, racing with Add
// and Count.
//
// want shared "corpus/src/seelock_chain_racy.histogram.buckets"
// verified: go run -race reports DATA RACE
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
	for v, n := range counts { // forgot b.mu
		b.insertLocked(v, n)
	}
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
