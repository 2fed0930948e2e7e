// The category depths of rule_recursiveorder, but the tree is walked
// again after the readers have started, to pick up a reloaded tree: the
// recursive closure writes depth while the goroutines read it.
//
// want shared "corpus/src/rule_recursiveorder_racy.main.depth"
// verified: go run -race reports DATA RACE (20 of 20 runs)
package main

import (
	"fmt"
	"sync"
)

type category struct {
	name     string
	children []*category
}

func tree() *category {
	return &category{name: "all", children: []*category{
		{name: "books", children: []*category{{name: "fiction"}, {name: "poetry"}}},
		{name: "music", children: []*category{{name: "jazz"}, {name: "folk", children: []*category{{name: "celtic"}}}}},
	}}
}

func main() {
	depth := map[string]int{}
	var walk func(c *category, d int)
	walk = func(c *category, d int) {
		depth[c.name] = d
		for _, ch := range c.children {
			walk(ch, d+1)
		}
	}
	walk(tree(), 0)

	names := []string{"fiction", "jazz", "celtic", "books", "all"}
	indent := make([]int, 4)
	var wg sync.WaitGroup
	for i := range indent {
		wg.Go(func() {
			for j := range 1000 {
				indent[i] += depth[names[(i+j)%len(names)]]
			}
		})
	}
	for range 10 {
		walk(tree(), 0) // reload while the readers run
	}
	wg.Wait()
	fmt.Println(indent)
}
