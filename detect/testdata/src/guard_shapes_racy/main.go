// A store whose methods hold s.mu, but for three forgotten ones: a
// return of a read, an if with an init statement, and a package-level
// map guarded by a package mutex, read without it. The guard names the
// lock as each site would write it.
//
// want shared "corpus/src/guard_shapes_racy.store.m"
// want suggestion "corpus/src/guard_shapes_racy.store.m" "hold s.mu (RLock) at src/guard_shapes_racy/main.go:36:9, src/guard_shapes_racy/main.go:40:14, as 2 other accesses do"
// want shared "corpus/src/guard_shapes_racy.names"
// want suggestion "corpus/src/guard_shapes_racy.names" "hold namesMu (Lock) at src/guard_shapes_racy/main.go:64:9, as 2 other accesses do"
// verified: go run -race reports DATA RACE (get and has against put; count against name)
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *store) put(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

func (s *store) size() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

func (s *store) get(k string) int {
	return s.m[k] // forgot s.mu
}

func (s *store) has(k string) bool {
	if _, ok := s.m[k]; ok { // forgot s.mu
		return true
	}
	return false
}

var (
	namesMu sync.Mutex
	names   = map[int]string{}
)

func name(i int) {
	namesMu.Lock()
	names[i] = fmt.Sprint(i)
	namesMu.Unlock()
}

func count() int {
	namesMu.Lock()
	defer namesMu.Unlock()
	return len(names)
}

func forget(i int) {
	delete(names, i) // forgot namesMu
}

func main() {
	s := &store{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 100 {
			s.put(fmt.Sprint(i%7), i)
			name(i)
		}
	}()
	go func() {
		defer wg.Done()
		n := 0
		for i := range 100 {
			n += s.get(fmt.Sprint(i % 7))
			if s.has("3") {
				n++
			}
			forget(i)
		}
		fmt.Println(n > -1)
	}()
	wg.Wait()
	fmt.Println(s.size(), count())
}
