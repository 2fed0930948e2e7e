// refresh takes pickLocked as a method value while holding d.mu and runs
// it on a goroutine after the lock is gone. The table, read under d.mu,
// runs unseen, and a method value kept in a local and called by a
// goroutine is not seen to break pickLocked's contract: the name is trusted.
//
// want shared "corpus/src/rule_tablelit_methodvalue_racy.store.inProgress"
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
	pick := d.pickLocked
	go func() { defer d.wg.Done(); pick(id) }()
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
