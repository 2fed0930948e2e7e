// refillLocked says its callers hold d.cacheMu; it records a job in
// d.jobs, which d.mu guards. Holding d.mu in addJob is the right fix:
// nobody holds d.mu around refillLocked, so it cannot deadlock.
//
// want shared "corpus/src/rule_lockedname_otherlock_racy.store.jobs"
// want suggestion "corpus/src/rule_lockedname_otherlock_racy.store.jobs" "hold d.mu (Lock) at src/rule_lockedname_otherlock_racy/main.go:22:34, as 2 other accesses do"
// verified: go run -race reports DATA RACE (a reviewer's program, whose good suggestion a new check dropped)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu      sync.Mutex // guards jobs
	jobs    map[int]bool
	cacheMu sync.Mutex // guards cache
	cache   []int
}

func (d *store) addJob(id int) { d.jobs[id] = true }

// refillLocked refills the cache. d.cacheMu must be held.
func (d *store) refillLocked(id int) {
	d.cache = append(d.cache, id)
	d.addJob(id)
}

func (d *store) refill(id int) {
	d.cacheMu.Lock()
	defer d.cacheMu.Unlock()
	d.refillLocked(id)
}

func (d *store) schedule(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.jobs[id] = false
}

func (d *store) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.jobs)
}

func main() {
	d := &store{jobs: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); d.refill(i) }()
		go func() { defer wg.Done(); d.schedule(i); d.count() }()
	}
	wg.Wait()
	fmt.Println(d.count())
}
