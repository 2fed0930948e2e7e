// The book of rule_deferorder, but SetAddrs defers prune before it defers
// the Unlock: prune runs after the lock is released, reading the
// addresses and deleting a record without it.
//
// want shared "corpus/src/rule_deferorder_racy.book.addrs"
// want shared "corpus/src/rule_deferorder_racy.book.records"
// want suggestion "corpus/src/rule_deferorder_racy.book.addrs" "hold b.mu (Lock) at src/rule_deferorder_racy/main.go:33:5, as 1 other access does"
// want suggestion "corpus/src/rule_deferorder_racy.book.records" "hold b.mu (Lock) at src/rule_deferorder_racy/main.go:34:10, as 2 other accesses do"
// verified: go run -race reports DATA RACE
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
	defer b.prune(p)
	b.mu.Lock()
	defer b.mu.Unlock()
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
