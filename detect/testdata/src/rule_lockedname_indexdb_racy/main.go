// A snapshot's closeLocked says s.db.mu is held and hands the id on to
// its first peer's DB (s.peers[0].db.addJob): reached from the receiver
// through an index, so the call's path from the receiver is not known and
// closeLocked's s.db.mu vouches for any DB's mu, the peer's too.
//
// want shared "corpus/src/rule_lockedname_indexdb_racy.DB.jobs"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type DB struct {
	mu   sync.Mutex
	jobs map[int]bool
}

func (d *DB) addJob(id int) { d.jobs[id] = true }

type snap struct {
	db    *DB
	peers []*snap
}

// closeLocked forwards id to the first peer's DB. s.db.mu must be held.
func (s *snap) closeLocked(id int) { s.peers[0].db.addJob(id) }

// close closes id under s.db.mu.
func (s *snap) close(id int) {
	s.db.mu.Lock()
	s.closeLocked(id)
	s.db.mu.Unlock()
}

// schedule records id under d.mu.
func (d *DB) schedule(id int) {
	d.mu.Lock()
	d.addJob(id)
	d.mu.Unlock()
}

func main() {
	a := &DB{jobs: make(map[int]bool)}
	b := &DB{jobs: make(map[int]bool)}
	s := &snap{db: a, peers: []*snap{{db: b}}}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(2)
		go func() { defer wg.Done(); s.close(i) }()
		go func() { defer wg.Done(); b.schedule(500 + i) }()
	}
	wg.Wait()
	fmt.Println(len(a.jobs), len(b.jobs))
}
