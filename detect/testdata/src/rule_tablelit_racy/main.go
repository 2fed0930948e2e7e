// The store of rule_tablelit, but retry also calls pickLocked, on its own
// goroutine and without d.mu: the table's literal does not vouch for it.
//
// want shared "corpus/src/rule_tablelit_racy.store.inProgress"
// verified: go run -race reports DATA RACE
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

// retry picks the job again, forgetting d.mu.
func (d *store) retry(id int) { d.pickLocked(id) }

// count reads the number of jobs.
func (d *store) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.inProgress)
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.retry(i) }()
		go func() { defer wg.Done(); d.migrate(1000 + i) }()
	}
	wg.Wait()
	fmt.Println(d.count())
}
