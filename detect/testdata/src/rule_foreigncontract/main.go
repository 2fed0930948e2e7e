// A database that records the snapshots being closed. closeLocked and
// transition are methods of a snapshot whose doc comments say the
// database's lock is held; the lock is not the snapshot's, so what
// flush holds around its call of transition cannot be named in the
// snapshot's terms. Every call that mapfix sees holds the database's
// lock: flush and Close take it, and so does the goroutine that calls
// transition on its own.
//
// want none
// verified: go run -race reports no race (10 runs)
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

// flush transitions every snapshot.
func (d *db) flush() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.snaps {
		s.transition()
	}
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
		d.mu.Lock()
		d.snaps = append(d.snaps, s)
		d.mu.Unlock()
		wg.Add(3)
		go func() { defer wg.Done(); d.flush() }()
		go func() {
			defer wg.Done()
			d.mu.Lock()
			s.transition()
			d.mu.Unlock()
		}()
		go func() { defer wg.Done(); s.Close() }()
	}
	wg.Wait()
	fmt.Println(d.count())
}
