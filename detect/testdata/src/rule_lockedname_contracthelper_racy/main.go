// refresh, holding no lock, calls forEachPendingLocked with a literal that
// calls pickLocked. The helper says its own callers hold d.mu, so the
// literal counts as running unseen under that word, and nobody asks
// whether refresh (the helper's caller) keeps it.
//
// want shared "corpus/src/rule_lockedname_contracthelper_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, which both the old and the new rules missed)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
	pending    []int
}

func (d *store) addJob(id int) { d.inProgress[id] = true }

// pickLocked records id; d.mu is held.
func (d *store) pickLocked(id int) { d.addJob(id) }

// forEachPendingLocked calls f for each pending id; d.mu is held.
func (d *store) forEachPendingLocked(f func(id int)) {
	for _, id := range d.pending {
		f(id)
	}
}

// refresh picks every pending id.
func (d *store) refresh() {
	d.forEachPendingLocked(func(id int) { d.pickLocked(id + 1000) })
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.pickLocked(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool), pending: []int{1, 2, 3}}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); d.refresh() }()
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
