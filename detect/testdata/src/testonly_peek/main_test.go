package main

import (
	"sync"
	"testing"
)

func TestConcurrentInc(t *testing.T) {
	c := &counterStore{counts: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Inc("hits")
			}
		})
	}
	wg.Go(func() {
		for range 1000 {
			if n := c.counts["hits"]; n > 4000 { // peeks without c.mu
				t.Errorf("count %d over the number of calls", n)
			}
		}
	})
	wg.Wait()
	if n := c.Get("hits"); n != 4000 {
		t.Fatalf("count %d, want 4000", n)
	}
}
