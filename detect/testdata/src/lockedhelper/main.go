// putLocked is called only with s.mu held: it inherits the lock.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

type set struct {
	mu    sync.Mutex
	items map[string]bool
}

func (s *set) putLocked(k string) {
	s.items[k] = true
}

func (s *set) Add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putLocked(k)
}

func (s *set) AddAll(ks []string) {
	s.mu.Lock()
	for _, k := range ks {
		s.putLocked(k)
	}
	s.mu.Unlock()
}

func (s *set) Has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

func main() {
	s := &set{items: map[string]bool{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Add(fmt.Sprint(i))
			s.AddAll([]string{"a", "b"})
			_ = s.Has("a")
		}()
	}
	wg.Wait()
	fmt.Println(s.Has("a"))
}
