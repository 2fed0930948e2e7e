// The migrations table is read only under d.mu, so its literal does not
// break pickLocked's contract. refresh keeps the method value d.pickLocked
// in a local and starts each on a goroutine with it: each calls it in
// place. A local breaks the contract only where a goroutine calls the
// local itself, not where it is handed to the function a goroutine runs.
//
// want shared "corpus/src/rule_tablelit_goeach_racy.store.inProgress"
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

// pickLocked records id; d.mu is held.
func (d *store) pickLocked(id int) { d.addJob(id) }

var migrations = map[string]func(d *store, id int){
	"pick": func(d *store, id int) { d.pickLocked(id) },
}

// migrate runs the migration named name for id under d.mu.
func (d *store) migrate(name string, id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	migrations[name](d, id)
}

// each calls f for every id, then marks wg done.
func each(wg *sync.WaitGroup, ids []int, f func(int)) {
	defer wg.Done()
	for _, id := range ids {
		f(id)
	}
}

// refresh picks ids in the background.
func (d *store) refresh(ids []int) {
	d.wg.Add(1)
	pick := d.pickLocked
	go each(&d.wg, ids, pick)
}

// schedule records a job.
func (d *store) schedule(id int) {
	d.mu.Lock()
	d.pickLocked(id)
	d.mu.Unlock()
}

func main() {
	d := &store{inProgress: make(map[int]bool)}
	for i := range 100 {
		d.wg.Add(1)
		go func() { defer d.wg.Done(); d.schedule(i) }()
		d.refresh([]int{500 + i, 600 + i})
		d.migrate("pick", 1000+i)
	}
	d.wg.Wait()
	fmt.Println(len(d.inProgress))
}
