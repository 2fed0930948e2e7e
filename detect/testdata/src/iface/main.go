// The goroutines call Put through an interface; the only implementation
// writes its map unlocked.
//
// want shared "corpus/src/iface.memStore.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type store interface {
	Put(k string)
}

type memStore struct {
	m map[string]int
}

func (s *memStore) Put(k string) { s.m[k]++ }

func fill(s store, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 100; i++ {
		s.Put(fmt.Sprint(i % 5))
	}
}

func main() {
	s := &memStore{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go fill(s, &wg)
	go fill(s, &wg)
	wg.Wait()
	fmt.Println(len(s.m))
}
