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
	n := 0
	for range c.Each() {
		n++
	}
	wg.Wait()
	if col.total()+n == 0 {
		t.Fatal("empty")
	}
}
