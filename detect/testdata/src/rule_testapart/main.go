// A server that fills its handler table under the lock and then starts a
// goroutine per request that reads the table without it. One test drives a
// request through a test-only helper on a goroutine of its own; another
// test runs Serve. Both run in parallel, but each on the server it made:
// the helper's goroutine never meets a goroutine Serve starts on the same
// server, and within each test the table is filled before any reader
// starts.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"fmt"
	"strings"
	"sync"
)

type server struct {
	mu       sync.Mutex
	handlers map[string]func(string) string
}

// ensureHandlers installs the default handlers once.
func (s *server) ensureHandlers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers == nil {
		s.handlers = map[string]func(string) string{}
		s.handlers["upper"] = strings.ToUpper
		s.handlers["lower"] = strings.ToLower
	}
}

// handle runs the handler a request names; the table is read-only once
// serving begins.
func (s *server) handle(req string) string {
	kind, arg, _ := strings.Cut(req, ":")
	h := s.handlers[kind]
	if h == nil {
		return "unknown " + kind
	}
	return h(arg)
}

// Serve answers each request on its own goroutine until reqs closes, then
// closes out.
func (s *server) Serve(reqs <-chan string, out chan<- string) {
	s.ensureHandlers()
	var wg sync.WaitGroup
	for req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- s.handle(req)
		}()
	}
	wg.Wait()
	close(out)
}

func main() {
	s := &server{}
	reqs := make(chan string)
	out := make(chan string, 3)
	go s.Serve(reqs, out)
	for _, r := range []string{"upper:go", "lower:MAP", "trim:x"} {
		reqs <- r
	}
	close(reqs)
	var got []string
	for a := range out {
		got = append(got, a)
	}
	fmt.Println(len(got), "answers")
}
