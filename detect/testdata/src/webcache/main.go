// Command webcache serves pages from a cache that every request shares.
// Each request runs on its own goroutine, so the maps below race.
//
// Copied from examples/ (commit d8f0423).
//
// want shared "corpus/src/webcache.hits"
// want shared "corpus/src/webcache.pages"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
)

// hits counts requests per path.
var hits = map[string]int{}

// pages caches rendered pages by path.
var pages = make(map[string]string)

func handler(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	hits[path]++ // one more request for this path
	page, ok := pages[path]
	if !ok {
		page = render(path)
		pages[path] = page
	}
	fmt.Fprint(w, page)
}

func render(path string) string {
	return "<h1>" + strings.ToUpper(strings.Trim(path, "/")) + "</h1>"
}

func main() {
	h := http.HandlerFunc(handler)
	paths := []string{"/home", "/about", "/blog"}
	var wg sync.WaitGroup
	for i := 0; i < 300; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("GET", paths[i%len(paths)], nil)
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
	}
	wg.Wait()

	keys := make([]string, 0, len(hits))
	for k := range hits {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s: %d hits, page %s\n", k, hits[k], pages[k])
	}
}
