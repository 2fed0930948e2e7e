// pickLocked's only caller is retryLocked, another contract function, so
// vouches skips it and finds nothing against; retryLocked's caller holds
// d.statsMu, "a lock of some value", so the chain is taken as kept.
//
// want shared "corpus/src/rule_lockedname_chain_racy.store.jobs"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	jobs    map[int]bool
	retries int
}

func (d *store) addJob(id int) { d.jobs[id] = true }

func (d *store) pickLocked(id int) { d.addJob(id) }

func (d *store) retryLocked(id int) {
	d.retries++
	d.pickLocked(id)
}

// schedule records a job under d.mu.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	d := &store{jobs: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() {
			defer wg.Done()
			d.statsMu.Lock()
			d.retryLocked(1000 + i)
			d.statsMu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(d.jobs), d.retries)
}
