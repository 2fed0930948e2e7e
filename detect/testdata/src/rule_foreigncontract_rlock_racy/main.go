// transition says d.mu is held, and its visible caller holds it, but only
// for reading (RLock): two such callers write the map at once.
//
// want shared "corpus/src/rule_foreigncontract_rlock_racy.db.closing"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu      sync.RWMutex
	closing map[int]bool
}

type snapshot struct {
	db *db
	id int
}

func (d *db) markClosing(id int) { d.closing[id] = true }

// closeLocked releases the snapshot. db.mu must be held by the caller.
func (s *snapshot) closeLocked() { s.db.markClosing(s.id) }

// transition turns the snapshot into a file-only one. d.mu must be held.
func (s *snapshot) transition() { s.closeLocked() }

// Close releases the snapshot.
func (s *snapshot) Close() {
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	s.closeLocked()
}

func main() {
	d := &db{closing: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 50 {
		s := &snapshot{db: d, id: i}
		wg.Add(2)
		go func() {
			defer wg.Done()
			d.mu.RLock()
			s.transition()
			d.mu.RUnlock()
		}()
		go func() { defer wg.Done(); s.Close() }()
	}
	wg.Wait()
	fmt.Println(len(d.closing))
}
