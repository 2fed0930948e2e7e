// One crawler goroutine per site. The sites come from a set (a map), so
// the loop keeps its own slot counter: each goroutine gets &results[n]
// for a different n and fills only that result's map.
//
// want none
// verified: go run -race reports no race (5 runs; a second review's case)
package main

import (
	"fmt"
	"sort"
	"sync"
)

type result struct {
	site  string
	pages map[string]int
}

func main() {
	sites := map[string]bool{"a.example": true, "b.example": true, "c.example": true, "d.example": true}
	results := make([]result, len(sites))
	var wg sync.WaitGroup
	n := 0
	for site := range sites {
		results[n] = result{site: site, pages: map[string]int{}}
		wg.Add(1)
		go func(r *result) {
			defer wg.Done()
			for p := range 2000 {
				r.pages[fmt.Sprint("/page", p%len(results))] += p
			}
		}(&results[n])
		n++
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool { return results[i].site < results[j].site })
	for _, r := range results {
		fmt.Println(r.site, len(r.pages))
	}
}
