// The struct embeds sync.Mutex: c.Lock() guards c.m.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

type stats struct {
	sync.Mutex
	m map[string]int
}

func (s *stats) inc(k string) {
	s.Lock()
	s.m[k]++
	s.Unlock()
}

func main() {
	s := &stats{m: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				s.inc("x")
			}
		}()
	}
	wg.Wait()
	s.Lock()
	fmt.Println(s.m["x"])
	s.Unlock()
}
