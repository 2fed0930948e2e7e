// The broker of rule_lockhandoff, but Open releases b.lock as soon as it
// has started the dialing goroutine, which then fills the version table
// with no lock while Version reads it.
//
// want shared "corpus/src/rule_lockhandoff_racy.broker.versions"
// want suggestion "corpus/src/rule_lockhandoff_racy.broker.versions" "hold b.lock (Lock) at src/rule_lockhandoff_racy/main.go:32:4, as 1 other access does"
// verified: go run -race reports DATA RACE
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

// Open dials in the background.
func (b *broker) Open() {
	b.lock.Lock()
	b.versions = make(map[int]int)
	go guarded(func() {
		for k := range 20 {
			b.versions[k] = k + 1
		}
	})
	b.lock.Unlock() // too early: the goroutine has not written yet
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
