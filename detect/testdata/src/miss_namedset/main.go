// A named map type whose methods write: Set.Add and Set.Remove change the
// map through the receiver, and the crawler goroutines call them on one
// package-level set with no lock.
//
// want shared "corpus/src/miss_namedset.visited"
// verified: go run -race reports DATA RACE
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

var visited = Set{}

func crawl(start int) int {
	fetched := 0
	for i := range 1000 {
		url := fmt.Sprintf("https://example.com/p/%d", (start+i)%200)
		if visited.Add(url) {
			fetched++
		}
		if i%50 == 0 {
			visited.Remove(url)
		}
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
