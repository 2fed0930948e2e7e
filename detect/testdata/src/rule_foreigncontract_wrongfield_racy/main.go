// transition says d.mu is held, and its one visible caller holds a lock:
// but the wrong one (d.statsMu), so it races with Close under d.mu.
//
// want shared "corpus/src/rule_foreigncontract_wrongfield_racy.db.closing"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu      sync.Mutex
	statsMu sync.Mutex
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
			d.statsMu.Lock()
			s.transition()
			d.statsMu.Unlock()
		}()
		go func() { defer wg.Done(); s.Close() }()
	}
	wg.Wait()
	fmt.Println(len(d.closing))
}
