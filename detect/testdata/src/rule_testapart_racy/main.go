// The server of rule_testapart, but its test swaps a handler from a
// goroutine of its own while Serve answers requests on the same server:
// the swap writes the table under s.mu while Serve's request goroutines
// read it without the lock.
//
// want shared "corpus/src/rule_testapart_racy.server.handlers"
// known miss "corpus/src/rule_testapart_racy.server.handlers" "found only at possible confidence: only a goroutine the test starts witnesses the pair, on a production type that locks; such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// want suggestion "corpus/src/rule_testapart_racy.server.handlers" "hold s.mu (Lock) at src/rule_testapart_racy/main.go:38:7, as 3 other accesses do"
// verified: go test -race reports DATA RACE; go run -race reports no race
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
