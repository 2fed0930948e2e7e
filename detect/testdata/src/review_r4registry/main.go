// A pool of resolvers started in a loop, each built in its iteration
// around a cache of its own, a shared server and a shared warm cache. The
// warm cache is filled before the workers start and only read after; each
// resolver fills only its own cache.
//
// want none
// verified: go run -race reports no race (5 runs; a review case)
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// cache memoises lookups.
type cache struct {
	entries map[string]string
}

func newCache() *cache { return &cache{entries: make(map[string]string)} }

// lookup returns the cached answer for name, computing it with f once.
func (c *cache) lookup(name string, f func(string) string) string {
	if v, ok := c.entries[name]; ok {
		return v
	}
	v := f(name)
	c.entries[name] = v
	return v
}

type server struct {
	zone map[string]string
}

func (s *server) resolve(name string) string {
	if ip, ok := s.zone[name]; ok {
		return ip
	}
	return "NXDOMAIN"
}

type resolver struct {
	id    int
	srv   *server
	warm  *cache // filled at start-up, read-only after
	cache *cache
	out   chan<- string
}

func (r *resolver) run(names <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for n := range names {
		if ip, ok := r.warm.entries[n]; ok {
			r.out <- n + " " + ip
			continue
		}
		r.out <- n + " " + r.cache.lookup(n, r.srv.resolve)
	}
}

func main() {
	srv := &server{zone: map[string]string{"a.example": "10.0.0.1", "b.example": "10.0.0.2"}}
	names := make(chan string)
	out := make(chan string, 4096)
	var wg sync.WaitGroup
	warm := newCache()
	warm.entries["a.example"] = "10.0.0.1"
	for i := range 4 {
		r := &resolver{id: i, srv: srv, warm: warm, cache: newCache(), out: out}
		wg.Add(1)
		go r.run(names, &wg)
	}
	for i := range 2000 {
		names <- fmt.Sprintf("h%d.example", i%500)
	}
	close(names)
	wg.Wait()
	close(out)
	seen := map[string]bool{}
	for line := range out {
		seen[line] = true
	}
	var lines []string
	for l := range seen {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	fmt.Println(len(lines), "answers:", strings.Join(lines[:3], ", "))
}
