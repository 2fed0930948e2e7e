// A router built by its constructor: newRouter makes the route map, fills
// it, and only then returns it; after that every goroutine only reads it.
// The return is the publication point, so the writes before it are
// ordered before the reads.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

type handlerFunc func(path string) string

type router struct {
	routes map[string]handlerFunc
}

func newRouter(prefixes ...string) *router {
	routes := make(map[string]handlerFunc, len(prefixes))
	for _, p := range prefixes {
		routes[p] = func(path string) string { return p + ":" + path }
	}
	routes["/health"] = func(string) string { return "ok" }
	return &router{routes: routes}
}

// serve dispatches on the first path segment.
func (r *router) serve(path string) string {
	prefix := path
	if i := strings.Index(path[1:], "/"); i >= 0 {
		prefix = path[:i+1]
	}
	if h, ok := r.routes[prefix]; ok {
		return h(path)
	}
	return "404"
}

func main() {
	r := newRouter("/api", "/static", "/admin")
	paths := []string{"/api/users", "/static/app.js", "/health", "/nope/x"}
	out := make([]string, 4)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 2000 {
				out[i] = r.serve(paths[(i+j)%len(paths)])
			}
		})
	}
	wg.Wait()
	fmt.Println(len(out))
}
