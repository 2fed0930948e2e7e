// The router of own_constructor, but written after it was published: a
// goroutine mounts a new prefix with handle while the others serve, so the
// map is no longer read-only after the constructor returns.
//
// want shared "corpus/src/own_constructor_racy.router.routes"
// verified: go run -race reports DATA RACE
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

// handle mounts a handler at runtime.
func (r *router) handle(prefix string, h handlerFunc) {
	r.routes[prefix] = h
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
	wg.Go(func() {
		for j := range 2000 {
			r.handle(fmt.Sprint("/v", j%10), func(string) string { return "v" })
		}
	})
	wg.Wait()
	fmt.Println(len(out))
}
