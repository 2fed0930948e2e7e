// A map guarded by db.mu everywhere but in Keys, which ranges over it
// unlocked: the finding names the unguarded access and suggests holding
// db.mu there, the smaller fix beside the rewrite.
//
// want shared "corpus/src/smallerfix.DB.rows"
// want suggestion "corpus/src/smallerfix.DB.rows" "hold db.mu (RLock) at src/smallerfix/main.go:54:17, as 4 other accesses do"
// verified: go run -race reports DATA RACE (range in Keys, line 54, against
// the write in Put, line 26)
package main

import (
	"fmt"
	"sync"
)

// DB is a small in-memory table.
type DB struct {
	mu   sync.RWMutex
	rows map[string]string
}

// Put stores a row.
func (db *DB) Put(k, v string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.rows[k] = v
}

// Get returns a row.
func (db *DB) Get(k string) (string, bool) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	v, ok := db.rows[k]
	return v, ok
}

// Delete removes a row.
func (db *DB) Delete(k string) {
	db.mu.Lock()
	delete(db.rows, k)
	db.mu.Unlock()
}

// Len counts the rows.
func (db *DB) Len() int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.rows)
}

// Keys lists the keys, forgetting the lock.
func (db *DB) Keys() []string {
	var out []string
	for k := range db.rows {
		out = append(out, k)
	}
	return out
}

func main() {
	db := &DB{rows: map[string]string{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				k := fmt.Sprint(i, j)
				db.Put(k, k)
				_, _ = db.Get(k)
				if j%2 == 0 {
					db.Delete(k)
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			_ = db.Keys()
		}
	})
	wg.Wait()
	fmt.Println(db.Len())
}
