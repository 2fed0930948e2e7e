// Package sessions keeps a package-wide session table; init starts the
// janitor that expires old sessions.
//
// want shared "corpus/src/review_r2init_racy.table"
// known miss "corpus/src/review_r2init_racy.table" "found only at possible confidence: only a goroutine the test starts witnesses the pair, on a production type that locks; such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// want suggestion "corpus/src/review_r2init_racy.table" "hold mu (Lock) at src/review_r2init_racy/cache.go:46:2, as 3 other accesses do"
// verified: go test -race reports DATA RACE (a review case)
package sessions

import (
	"sync"
	"time"
)

type session struct {
	user    string
	expires time.Time
}

var (
	mu    sync.Mutex
	table = map[string]session{}
)

func init() {
	go janitor()
}

// janitor drops expired sessions every millisecond.
func janitor() {
	for {
		time.Sleep(time.Millisecond)
		now := time.Now()
		mu.Lock()
		for id, s := range table {
			if now.After(s.expires) {
				delete(table, id)
			}
		}
		mu.Unlock()
	}
}

// Put stores a session. (Bug: no lock.)
func Put(id, user string, ttl time.Duration) {
	table[id] = session{user: user, expires: time.Now().Add(ttl)}
}

// Lookup returns the session's user.
func Lookup(id string) (string, bool) {
	mu.Lock()
	defer mu.Unlock()
	s, ok := table[id]
	return s.user, ok
}
