// The dedup filter of lockform_chansem with one lock forgotten: Forget
// deletes without taking the token, racing with First.
//
// want shared "corpus/src/lockform_chansem_racy.dedup.seen"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type dedup struct {
	sem  chan struct{} // capacity 1: holding the token is holding the lock
	seen map[string]bool
}

func newDedup() *dedup {
	return &dedup{sem: make(chan struct{}, 1), seen: map[string]bool{}}
}

// First reports whether id is new, and remembers it.
func (d *dedup) First(id string) bool {
	d.sem <- struct{}{}
	defer func() { <-d.sem }()
	if d.seen[id] {
		return false
	}
	d.seen[id] = true
	return true
}

// Forget lets id through again.
func (d *dedup) Forget(id string) {
	delete(d.seen, id) // forgot to take d.sem
}

func main() {
	d := newDedup()
	firsts := make([]int, 3)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				id := fmt.Sprint("msg", j%50)
				if d.First(id) {
					firsts[w]++
				}
			}
		})
	}
	wg.Go(func() { // lets every message through again now and then
		for j := range 3000 {
			d.Forget(fmt.Sprint("msg", j%50))
		}
	})
	wg.Wait()
	fmt.Println(firsts[0]+firsts[1]+firsts[2] >= 50)
}
