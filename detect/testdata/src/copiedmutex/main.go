// Set has a value receiver: each call locks its own copy of the mutex
// while the copies share one map.
//
// want shared "corpus/src/copiedmutex.valueStore.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu *sync.Mutex
	m  map[int]int
}

type valueStore struct {
	mu sync.Mutex
	m  map[int]int
}

// Set locks a copy of the mutex.
func (s valueStore) Set(k, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// Set on store locks a shared mutex through the pointer: safe.
func (s store) Set(k, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func main() {
	vs := &valueStore{m: map[int]int{}}
	st := store{mu: new(sync.Mutex), m: map[int]int{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				vs.Set(j, i)
				st.Set(j, i)
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(vs.m), len(st.m))
}
