// The quota store of lockform_withlock with one lock forgotten: Total
// ranges over the usage map directly instead of through view, racing with
// the writes that Charge makes under withLock.
//
// want shared "corpus/src/lockform_withlock_racy.quotaStore.used"
// want suggestion "corpus/src/lockform_withlock_racy.quotaStore.used" "hold s.mu (Lock) at src/lockform_withlock_racy/main.go:49:20, as 2 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type quotaStore struct {
	mu    sync.Mutex
	used  map[string]int
	limit int
}

// withLock runs fn with s.mu held.
func (s *quotaStore) withLock(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

// view runs fn on the usage map with s.mu held.
func (s *quotaStore) view(fn func(used map[string]int)) {
	s.mu.Lock()
	fn(s.used)
	s.mu.Unlock()
}

// Charge records n units for a user if they fit in the quota.
func (s *quotaStore) Charge(user string, n int) (ok bool) {
	s.withLock(func() {
		if s.used[user]+n <= s.limit {
			s.used[user] += n
			ok = true
		}
	})
	return ok
}

// Total sums the usage of every user.
func (s *quotaStore) Total() int {
	total := 0
	for _, n := range s.used { // forgot s.view
		total += n
	}
	return total
}

// Users counts the users with any usage.
func (s *quotaStore) Users() (n int) {
	s.view(func(used map[string]int) { n = len(used) })
	return n
}

func main() {
	s := &quotaStore{used: map[string]int{}, limit: 10000}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				s.Charge(fmt.Sprint("user", (i+j)%6), 1)
			}
		})
	}
	wg.Go(func() {
		for range 3000 {
			_ = s.Total()
		}
	})
	wg.Wait()
	fmt.Println(s.Total(), s.Users())
}
