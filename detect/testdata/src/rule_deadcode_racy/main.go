// The session store of rule_deadcode, but a goroutine calls tidy: its
// unlocked range and delete race with add.
//
// want shared "corpus/src/rule_deadcode_racy.state.packets"
// want suggestion "corpus/src/rule_deadcode_racy.state.packets" "hold s.mu (Lock) at src/rule_deadcode_racy/main.go:35:21, src/rule_deadcode_racy/main.go:37:11, as 2 other accesses do"
// verified: go run -race reports DATA RACE
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
		go func() { defer wg.Done(); s.tidy() }()
	}
	wg.Wait()
	fmt.Println(s.count())
}
