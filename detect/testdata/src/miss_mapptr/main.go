// Accesses through a pointer to a map: ensure allocates the map through
// *map, track writes (*p)[k] and snapshot ranges over *p. The requests
// and the reporter run on different goroutines with no lock.
//
// want shared "corpus/src/miss_mapptr.tracker.inflight"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type tracker struct {
	inflight map[string]int
}

// ensure makes the map on first use.
func ensure(m *map[string]int) {
	if *m == nil {
		*m = make(map[string]int)
	}
}

func (t *tracker) track(route string, delta int) {
	p := &t.inflight
	(*p)[route] += delta
	if (*p)[route] == 0 {
		delete(*p, route)
	}
}

func (t *tracker) snapshot() int {
	p := &t.inflight
	n := 0
	for _, c := range *p {
		n += c
	}
	return n
}

func main() {
	t := &tracker{}
	ensure(&t.inflight)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 2000 {
				route := fmt.Sprint("/r", (i+j)%4)
				t.track(route, 1)
				t.track(route, -1)
			}
		})
	}
	wg.Go(func() {
		for range 2000 {
			_ = t.snapshot()
		}
	})
	wg.Wait()
	fmt.Println(t.snapshot())
}
