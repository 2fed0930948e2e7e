// refresh starts a goroutine while holding d.mu; it runs pickLocked after
// the lock is gone. Base saw the table's literal break pickLocked's
// contract; now the table, read under d.mu, runs "unseen", no visible
// caller is left to break it, and pickLocked's name is trusted.
//
// want shared "corpus/src/rule_tablelit_goroutine_racy.store.inProgress"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu         sync.Mutex
	wg         sync.WaitGroup
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

// refresh picks id in the background.
func (d *store) refresh(id int) {
	d.mu.Lock()
	d.wg.Add(1)
	go func() { defer d.wg.Done(); d.pickLocked(id) }()
	d.mu.Unlock()
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	for i := range 100 {
		d.wg.Add(1)
		go func() { defer d.wg.Done(); d.schedule(i) }()
		d.refresh(500 + i)
		d.migrate(1000 + i)
	}
	d.wg.Wait()
	fmt.Println(len(d.inProgress))
}
