// A crawler measures pages with one goroutine per URL; they record sizes
// under a local mutex and crawl waits for all of them before it returns
// the map. main then builds a lookup closure over the returned map and
// hands it to a report helper that calls it: the closure is made after
// the wait, so every call of it runs after the writers are done.
//
// want none
// verified: go run -race reports no race (15 runs)
package main

import (
	"fmt"
	"sync"
)

func fetch(url string, attempt int) int { return len(url)*100 + attempt%7 }

// crawl returns the size of every page, measured rounds times each.
func crawl(urls []string, rounds int) map[string]int {
	sizes := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			for r := range rounds {
				n := fetch(u, r)
				mu.Lock()
				sizes[u] = max(sizes[u], n)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return sizes
}

// total adds up what size says of each URL.
func total(urls []string, size func(string) int) int {
	n := 0
	for _, u := range urls {
		n += size(u)
	}
	return n
}

func main() {
	urls := []string{"https://example.com/", "https://example.com/about", "https://example.com/blog"}
	sizes := crawl(urls, 1000)
	lookup := func(u string) int { return sizes[u] }
	fmt.Println(total(urls, lookup))
}
