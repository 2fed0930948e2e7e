package rule_testsapart

import (
	"strings"
	"testing"
)

// newTestRouter returns a router with its default routes.
func newTestRouter() *Router {
	r := &Router{}
	r.ensureRoutes()
	return r
}

// dispatchEcho adds an echo route and dispatches msg.
func (r *Router) dispatchEcho(msg string, out chan<- string) {
	r.ensureRoutes()
	r.mu.Lock()
	r.routes["echo"] = func(s string) string { return s }
	r.mu.Unlock()
	out <- r.dispatch(msg)
}

// mustRoute fails the test unless r has a route for topic.
func mustRoute(t *testing.T, r *Router, topic string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.routes[topic] == nil {
		t.Fatalf("no route %q", topic)
	}
}

func TestEcho(t *testing.T) {
	t.Parallel()
	r := newTestRouter()
	r.ensureRoutes()
	mustRoute(t, r, "upper")
	out := make(chan string, 1)
	go r.dispatchEcho("echo:hi", out)
	if got := <-out; got != "hi" {
		t.Fatalf("got %q", got)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	r := newTestRouter()
	got := r.Run([]string{"upper:a", "lower:B"})
	if strings.Join(got, ",") != "A,b" {
		t.Fatalf("got %v", got)
	}
}
