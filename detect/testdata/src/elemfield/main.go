// Writes to fields of map elements are not writes of the map. byName
// holds pointers: workers update their own entry (m[k].hits++,
// m[k].last = v) with the map itself only read, under the registry's read
// lock, while the registrar adds entries under the write lock. fixed is
// built before the goroutines start and then only read, its elements
// written the same way. The map is never shared unguarded.
//
// want none
// verified: go run -race reports no race (each worker writes only its
// own entry, so not even the elements race)
package main

import (
	"fmt"
	"sync"
)

type entry struct {
	hits int
	last string
}

type registry struct {
	mu     sync.RWMutex
	byName map[string]*entry
}

func (r *registry) touch(name, v string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.byName[name].hits++
	r.byName[name].last = v
}

func (r *registry) add(name string) {
	r.mu.Lock()
	r.byName[name] = &entry{}
	r.mu.Unlock()
}

func main() {
	r := &registry{byName: map[string]*entry{}}
	fixed := map[int]*entry{}
	for i := range 4 {
		r.add(fmt.Sprint("w", i))
		fixed[i] = &entry{}
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				r.touch(fmt.Sprint("w", i), fmt.Sprint(j))
				fixed[i].hits++
			}
		})
	}
	wg.Go(func() {
		for j := range 100 {
			r.add(fmt.Sprint("new", j))
		}
	})
	wg.Wait()
	fmt.Println(len(r.byName), fixed[0].hits)
}
