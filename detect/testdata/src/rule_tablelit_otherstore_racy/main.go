// pickLocked is called from a package table's literal (read under d.mu)
// and from copyJob, which holds the mu of the source store, not of dst.
// The table makes pickLocked's callers "unknown", so its name is trusted.
//
// want shared "corpus/src/rule_tablelit_otherstore_racy.store.inProgress"
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

// copyJob copies job id from src into dst, holding src's lock only.
func copyJob(src, dst *store, id int) {
	src.mu.Lock()
	defer src.mu.Unlock()
	if !src.inProgress[id] {
		dst.pickLocked(id)
	}
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	src := &store{inProgress: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(3)
		go func() { defer wg.Done(); d.schedule(i) }()
		go func() { defer wg.Done(); copyJob(src, d, 500+i) }()
		go func() { defer wg.Done(); d.migrate(1000 + i) }()
	}
	wg.Wait()
	d.mu.Lock()
	fmt.Println(len(d.inProgress))
	d.mu.Unlock()
}
