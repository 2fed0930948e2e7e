// retry runs pickLocked through withRetry without d.mu. Base saw the
// table's literal break pickLocked's contract; now the table, read under
// d.mu, runs "unseen", the handed literal runs "unseen" too, no visible
// caller is left to break the contract, and pickLocked's name is trusted.
//
// want shared "corpus/src/rule_tablelit_retry_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	inProgress map[int]bool
}

func (d *store) addJob(id int) { d.inProgress[id] = true }

func (d *store) pickLocked(id int) { d.addJob(id) }

var migrations = map[string]func(d *store, id int){
	"pick": func(d *store, id int) { d.pickLocked(id) },
}

// migrate runs every migration for id under d.mu.
func (d *store) migrate(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, m := range migrations {
		m(d, id)
	}
}

// withRetry runs f up to twice.
func (d *store) withRetry(f func() bool) {
	if !f() {
		f()
	}
}

// retry picks id again, forgetting d.mu.
func (d *store) retry(id int) {
	d.withRetry(func() bool { d.pickLocked(id); return true })
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); d.retry(500 + i) }()
		d.migrate(1000 + i)
	}
	wg.Wait()
	fmt.Println(len(d.inProgress))
}
