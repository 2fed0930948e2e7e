// The tracker of miss_mapptr with its lock: track and snapshot reach the
// map through a pointer to it, and both hold t.mu while they do.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type tracker struct {
	mu       sync.Mutex
	inflight map[string]int
}

// ensure makes the map on first use.
func ensure(m *map[string]int) {
	if *m == nil {
		*m = make(map[string]int)
	}
}

func (t *tracker) track(route string, delta int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := &t.inflight
	(*p)[route] += delta
	if (*p)[route] == 0 {
		delete(*p, route)
	}
}

func (t *tracker) snapshot() int {
	t.mu.Lock()
	defer t.mu.Unlock()
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
