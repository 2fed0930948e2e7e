package main

import (
	"fmt"
	"sync"
	"testing"
)

// TestStress writes a cache of its own from a goroutine.
func TestStress(t *testing.T) {
	c := newCache()
	col := &collector{}
	col.addCache(c)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 100 {
			c.add(fmt.Sprint(i), i)
		}
	}()
	wg.Wait()
	if col.total() == 0 {
		t.Fatal("empty")
	}
}
