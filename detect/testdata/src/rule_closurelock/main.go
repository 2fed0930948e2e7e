// A dependency graph whose depth query walks the graph with a recursive
// local closure: Depth takes g.mu (deferred unlock) before defining walk,
// so every read walk makes of deps runs under the lock, while the
// goroutines that add edges write deps under g.mu too.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type graph struct {
	mu   sync.Mutex
	deps map[string][]string
}

// AddEdge records that from depends on to.
func (g *graph) AddEdge(from, to string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deps[from] = append(g.deps[from], to)
}

// Depth returns the length of the longest dependency chain below root.
func (g *graph) Depth(root string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	seen := map[string]bool{}
	var walk func(k string) int
	walk = func(k string) int {
		if seen[k] {
			return 0
		}
		seen[k] = true
		best := 0
		for _, d := range g.deps[k] {
			best = max(best, 1+walk(d))
		}
		return best
	}
	return walk(root)
}

func main() {
	g := &graph{deps: map[string][]string{}}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			for j := range 2000 {
				g.AddEdge(fmt.Sprint("pkg", (i+j)%40), fmt.Sprint("pkg", (i+j+1)%40))
			}
		})
	}
	wg.Go(func() {
		for j := range 2000 {
			_ = g.Depth(fmt.Sprint("pkg", j%40))
		}
	})
	wg.Wait()
	fmt.Println(g.Depth("pkg0") > 0)
}
