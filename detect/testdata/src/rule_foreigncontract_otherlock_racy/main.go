// The database of rule_foreigncontract, but one goroutine calls
// transition holding only the log's lock, a package variable: not the
// database's lock its doc comment asks for.
//
// want shared "corpus/src/rule_foreigncontract_otherlock_racy.db.closing"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type db struct {
	mu      sync.Mutex
	closing map[int]bool
	snaps   []*snapshot
}

var logMu sync.Mutex

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

// count reads how many snapshots are closing.
func (d *db) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.closing)
}

func main() {
	d := &db{closing: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 50 {
		s := &snapshot{db: d, id: i}
		wg.Add(2)
		go func() {
			defer wg.Done()
			logMu.Lock()
			s.transition()
			logMu.Unlock()
		}()
		go func() { defer wg.Done(); s.Close() }()
	}
	wg.Wait()
	fmt.Println(d.count())
}
