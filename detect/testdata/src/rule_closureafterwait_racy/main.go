// The crawler of rule_closureafterwait, with a progress report: while the
// fetchers still run, crawl builds a closure over sizes and hands it to
// the same helper, which calls it without the mutex. Those reads race
// with the fetchers' writes; main's lookup, made after the wait, does not.
//
// want shared "corpus/src/rule_closureafterwait_racy.crawl.sizes"
// want suggestion "corpus/src/rule_closureafterwait_racy.crawl.sizes" "hold mu (Lock) at src/rule_closureafterwait_racy/main.go:33:42, as 2 other accesses do"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	progress := func(u string) int { return sizes[u] } // no mu
	for range rounds {
		if total(urls, progress) == 0 {
			fmt.Print(".")
		}
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
