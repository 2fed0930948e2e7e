package main

import (
	"sync"
	"testing"
)

func TestPollInGoroutine(t *testing.T) {
	s := newStore()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for len(s.m) == 0 { // polls without s.mu
		}
	}()
	s.Put(1)
	wg.Wait()
}
