// The settings store of own_clone, but Snapshot returns the guarded map
// itself: the goroutines then edit the shared map without s.mu, while Set
// writes it under s.mu.
//
// want shared "corpus/src/own_clone_racy.settings.vals"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type settings struct {
	mu   sync.RWMutex
	vals map[string]string
}

// Snapshot is meant to return a copy the caller may change.
func (s *settings) Snapshot() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.vals // no copy
}

// Set changes one setting.
func (s *settings) Set(k, v string) {
	s.mu.Lock()
	s.vals[k] = v
	s.mu.Unlock()
}

func render(view map[string]string, user string) string {
	view["user"] = user
	delete(view, "secret")
	return fmt.Sprint(len(view))
}

func main() {
	s := &settings{vals: map[string]string{"theme": "dark", "secret": "x"}}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 2000 {
				view := s.Snapshot()
				_ = render(view, fmt.Sprint("u", i, j))
			}
		})
	}
	wg.Go(func() {
		for j := range 2000 {
			s.Set("theme", fmt.Sprint("t", j%3))
		}
	})
	wg.Wait()
	fmt.Println(s.Snapshot()["theme"] != "")
}
