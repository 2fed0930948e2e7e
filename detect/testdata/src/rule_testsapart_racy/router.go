// The router of rule_testsapart, but one test runs the echo helper's
// goroutine beside Run on the same Router: the helper writes the routes
// under r.mu while Run's dispatchers read them without the lock.
//
// want shared "corpus/src/rule_testsapart_racy.Router.routes"
// known miss "corpus/src/rule_testsapart_racy.Router.routes" "found only at possible confidence: only a goroutine the test starts witnesses the pair, on a production type that locks; such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// verified: go test -race reports DATA RACE
package rule_testsapart_racy

import (
	"sort"
	"strings"
	"sync"
)

type Router struct {
	mu     sync.Mutex
	routes map[string]func(string) string
}

// ensureRoutes installs the default routes once.
func (r *Router) ensureRoutes() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.routes == nil {
		r.routes = map[string]func(string) string{
			"upper": strings.ToUpper,
			"lower": strings.ToLower,
		}
	}
}

// dispatch runs the route a message names.
func (r *Router) dispatch(msg string) string {
	topic, body, _ := strings.Cut(msg, ":")
	if f := r.routes[topic]; f != nil {
		return f(body)
	}
	return "no route " + topic
}

// Run dispatches each message on its own goroutine and returns the
// answers, sorted.
func (r *Router) Run(msgs []string) []string {
	r.ensureRoutes()
	answers := make(chan string)
	for _, m := range msgs {
		go r.answer(m, answers)
	}
	var out []string
	for range msgs {
		out = append(out, <-answers)
	}
	sort.Strings(out)
	return out
}

// answer sends the answer to msg.
func (r *Router) answer(msg string, answers chan<- string) {
	answers <- r.dispatch(msg)
}

// Serve answers the messages of msgs in batches of n on r: the entry
// point its users call.
func Serve(r *Router, msgs []string, n int) [][]string {
	var out [][]string
	for len(msgs) > 0 {
		k := min(n, len(msgs))
		out = append(out, r.Run(msgs[:k]))
		msgs = msgs[k:]
	}
	return out
}
