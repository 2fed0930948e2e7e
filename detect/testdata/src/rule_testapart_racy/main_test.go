package main

import (
	"strings"
	"sync"
	"testing"
)

// swapUpper replaces the upper handler n times.
func (s *server) swapUpper(n int) {
	for range n {
		s.mu.Lock()
		s.handlers["upper"] = strings.ToUpper
		s.mu.Unlock()
	}
}

func TestServeWhileSwapping(t *testing.T) {
	s := &server{}
	s.ensureHandlers()
	reqs := make(chan string)
	out := make(chan string, 64)
	go s.Serve(reqs, out)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.swapUpper(5000)
	}()
	go func() {
		for range out {
		}
	}()
	for range 2000 {
		reqs <- "upper:a"
	}
	close(reqs)
	wg.Wait()
}
