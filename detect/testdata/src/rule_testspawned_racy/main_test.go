package main

import (
	"sync"
	"testing"
)

func TestConcurrentAdd(t *testing.T) {
	h := newHub()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			h.Add(&client{})
		})
	}
	for {
		if len(h.clients) == 4 { // polls without h.mu
			break
		}
	}
	wg.Wait()
}
