package main

import (
	"sort"
	"strings"
	"testing"
)

// serveOne answers one request on the calling goroutine.
func (s *server) serveOne(req string, out chan<- string) {
	s.ensureHandlers()
	out <- s.handle(req)
}

func TestServeOne(t *testing.T) {
	t.Parallel()
	for range 200 {
		s := &server{}
		out := make(chan string, 1)
		go s.serveOne("upper:abc", out)
		if got := <-out; got != "ABC" {
			t.Fatalf("got %q", got)
		}
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	for range 200 {
		s := &server{}
		reqs := make(chan string)
		out := make(chan string, 2)
		go s.Serve(reqs, out)
		reqs <- "upper:a"
		reqs <- "lower:B"
		close(reqs)
		var got []string
		for a := range out {
			got = append(got, a)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != "A,b" {
			t.Fatalf("got %v", got)
		}
	}
}
