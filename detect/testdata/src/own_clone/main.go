// A settings store that hands out copies: Snapshot returns maps.Clone of
// the guarded map, taken under s.mu, and each goroutine then edits its
// own copy without a lock. The copies are new maps owned by the caller.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"maps"
	"sync"
)

type settings struct {
	mu   sync.RWMutex
	vals map[string]string
}

// Snapshot returns a copy of the settings that the caller may change.
func (s *settings) Snapshot() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return maps.Clone(s.vals)
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
