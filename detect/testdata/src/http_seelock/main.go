// An HTTP handler that counts visits through a helper called with the
// handler's lock held, and a report handler that ranges under the same
// lock. The requests are served concurrently (driven here through
// httptest, as a server would on its own goroutines).
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
)

type visitCounter struct {
	mu     sync.Mutex
	visits map[string]int
}

// bumpLocked counts a visit of path; c.mu must be held.
func (c *visitCounter) bumpLocked(path string) int {
	c.visits[path]++
	return c.visits[path]
}

func (c *visitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	n := c.bumpLocked(r.URL.Path)
	c.mu.Unlock()
	fmt.Fprintf(w, "visit %d\n", n)
}

func (c *visitCounter) report(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	paths := make([]string, 0, len(c.visits))
	for p := range c.visits {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(w, "%s %d\n", p, c.visits[p])
	}
}

func main() {
	c := &visitCounter{visits: map[string]int{}}
	mux := http.NewServeMux()
	mux.Handle("/", c)
	mux.HandleFunc("/report", c.report)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 1000 {
				path := fmt.Sprintf("/page/%d", (i+j)%10)
				if j%10 == 0 {
					path = "/report"
				}
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				_, _ = io.Copy(io.Discard, rec.Body)
			}
		})
	}
	wg.Wait()
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/report", nil))
	fmt.Print(rec.Body.String())
}
