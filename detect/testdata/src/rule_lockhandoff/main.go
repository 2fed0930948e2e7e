// A broker whose Open takes b.lock and hands it to the goroutine that
// dials: the goroutine fills the version table and releases the lock in
// a deferred Unlock when it is done. Every other access holds b.lock, so
// none overlaps the dialing goroutine's writes.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type broker struct {
	lock     sync.Mutex
	versions map[int]int
}

// guarded runs f as a goroutine would, recovering a panic.
func guarded(f func()) {
	defer func() { _ = recover() }()
	f()
}

// Open dials in the background; the lock is held until it is done.
func (b *broker) Open() {
	b.lock.Lock()
	go guarded(func() {
		defer b.lock.Unlock()
		b.versions = make(map[int]int)
		for k := range 20 {
			b.versions[k] = k + 1
		}
	})
}

// Version reads the table under the lock.
func (b *broker) Version(k int) int {
	b.lock.Lock()
	defer b.lock.Unlock()
	return b.versions[k]
}

func main() {
	b := &broker{}
	b.Open()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 1000 {
				_ = b.Version((i + j) % 20)
			}
		})
	}
	wg.Wait()
	fmt.Println(b.Version(3))
}
