// The session store of seelock_receiver with one lock forgotten: Refresh
// calls touchLocked without s.mu, so the helper runs unlocked in one
// caller and races with Login and Lookup in the other goroutines.
//
// want shared "corpus/src/seelock_receiver_racy.sessionStore.sessions"
// want suggestion "corpus/src/seelock_receiver_racy.sessionStore.sessions" "hold s.mu (Lock) at src/seelock_receiver_racy/main.go:54:2, as 4 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type session struct {
	user string
	hits int
}

type sessionStore struct {
	mu       sync.Mutex
	sessions map[string]session
	max      int
}

// touchLocked records a hit; s.mu must be held.
func (s *sessionStore) touchLocked(id, user string) {
	se := s.sessions[id]
	se.user = user
	se.hits++
	s.sessions[id] = se
}

// evictLocked drops sessions over the limit; s.mu must be held.
func (s *sessionStore) evictLocked() {
	for id := range s.sessions {
		if len(s.sessions) <= s.max {
			return
		}
		delete(s.sessions, id)
	}
}

// Login records a session and keeps the store under its limit.
func (s *sessionStore) Login(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touchLocked(id, user)
	s.evictLocked()
}

// Refresh marks a session as seen again.
func (s *sessionStore) Refresh(id string) {
	s.touchLocked(id, "") // forgot s.mu
}

// Lookup returns the user of a session.
func (s *sessionStore) Lookup(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	se, ok := s.sessions[id]
	return se.user, ok
}

func main() {
	s := &sessionStore{sessions: map[string]session{}, max: 16}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 5000 {
				id := fmt.Sprintf("%d-%d", i, j%20)
				s.Login(id, "user")
				s.Refresh(id)
				_, _ = s.Lookup(id)
			}
		})
	}
	wg.Wait()
	_, ok := s.Lookup("0-0")
	fmt.Println(ok || !ok)
}
