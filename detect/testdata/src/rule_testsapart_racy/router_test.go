package rule_testsapart_racy

import "testing"

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

func TestEchoWhileRunning(t *testing.T) {
	for range 200 {
		r := newTestRouter()
		r.ensureRoutes()
		out := make(chan string, 1)
		go r.dispatchEcho("echo:hi", out)
		r.Run([]string{"upper:a", "lower:B", "upper:c", "lower:D"})
		if got := <-out; got != "hi" {
			t.Fatalf("got %q", got)
		}
	}
}
