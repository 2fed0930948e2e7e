// The crawler of miss_namedset with its lock: every call of the set's
// writing methods holds visitedMu.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

// Set is a set of strings.
type Set map[string]bool

// Add puts k in the set and reports whether it was new.
func (s Set) Add(k string) bool {
	if s[k] {
		return false
	}
	s[k] = true
	return true
}

// Remove takes k out of the set.
func (s Set) Remove(k string) { delete(s, k) }

var (
	visitedMu sync.Mutex
	visited   = Set{}
)

func crawl(start int) int {
	fetched := 0
	for i := range 1000 {
		url := fmt.Sprintf("https://example.com/p/%d", (start+i)%200)
		visitedMu.Lock()
		if visited.Add(url) {
			fetched++
		}
		if i%50 == 0 {
			visited.Remove(url)
		}
		visitedMu.Unlock()
	}
	return fetched
}

func main() {
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() { crawl(g * 70) })
	}
	wg.Wait()
	fmt.Println(len(visited) <= 200)
}
