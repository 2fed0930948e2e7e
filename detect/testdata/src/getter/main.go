// Snapshot returns the guarded map itself; the caller ranges over it with
// no lock while writers hold r.mu.
//
// want shared "corpus/src/getter.registry.m"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type registry struct {
	mu sync.Mutex
	m  map[string]int
}

func (r *registry) Add(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[k]++
}

func (r *registry) Snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m
}

func main() {
	r := &registry{m: map[string]int{}}
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			r.Add(fmt.Sprint(i % 10))
		}
		close(done)
	}()
	n := 0
	for i := 0; i < 100; i++ {
		for _, v := range r.Snapshot() {
			n += v
		}
	}
	<-done
	fmt.Println(n >= 0)
}
