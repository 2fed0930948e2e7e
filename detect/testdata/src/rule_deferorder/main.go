// SetAddrs takes the book's lock, defers its release, then defers prune:
// deferred calls run last in, first out, so prune runs before the Unlock,
// with the lock still held, like every other access of the records.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type book struct {
	mu      sync.Mutex
	addrs   map[string]int
	records map[string]int
}

// SetAddrs sets the number of addresses of p.
func (b *book) SetAddrs(p string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.prune(p)
	b.addrs[p] = n
}

// prune drops the record of a peer with no addresses.
func (b *book) prune(p string) {
	if b.addrs[p] == 0 {
		delete(b.records, p)
	}
}

// AddRecord stores a record for p.
func (b *book) AddRecord(p string) {
	b.mu.Lock()
	b.records[p]++
	b.mu.Unlock()
}

func main() {
	b := &book{addrs: make(map[string]int), records: make(map[string]int)}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 200 {
				p := fmt.Sprint("peer", (i+j)%7)
				b.AddRecord(p)
				b.SetAddrs(p, j%3)
			}
		})
	}
	wg.Wait()
	b.mu.Lock()
	fmt.Println(len(b.records) <= 7)
	b.mu.Unlock()
}
