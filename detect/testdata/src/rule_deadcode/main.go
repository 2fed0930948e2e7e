// A session store whose every access holds s.mu, but for tidy: an
// unexported method that nothing calls, left over from a refactoring.
// Its unlocked range never runs.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type state struct {
	mu      sync.Mutex
	packets map[int]string
}

// add records packet id.
func (s *state) add(id int, p string) {
	s.mu.Lock()
	s.packets[id] = p
	s.mu.Unlock()
}

// count reads the number of packets.
func (s *state) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.packets)
}

// tidy drops the empty packets.
func (s *state) tidy() {
	for id, p := range s.packets {
		if p == "" {
			delete(s.packets, id)
		}
	}
}

func main() {
	s := &state{packets: make(map[int]string)}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(2)
		go func() { defer wg.Done(); s.add(i, "") }()
		go func() { defer wg.Done(); fmt.Sprint(s.count()) }()
	}
	wg.Wait()
	fmt.Println(s.count())
}
