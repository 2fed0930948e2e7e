// The dependency graph of rule_closurelock with the lock left out of
// Depth: the recursive walk closure reads deps with no lock while the
// AddEdge goroutines append to it under g.mu.
//
// want shared "corpus/src/rule_closurelock_racy.graph.deps"
// want suggestion "corpus/src/rule_closurelock_racy.graph.deps" "hold g.mu (Lock) at src/rule_closurelock_racy/main.go:38:21, as 2 other accesses do"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	// forgot g.mu: walk reads deps while AddEdge writes it
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
