// A category tree is walked by a recursive closure that records the depth
// of every category; the walk calls itself for the children, and only
// once the whole walk has returned are the goroutines started that read
// the depths. The recursive calls run inside the first call, before the
// go statements.
//
// want none
// verified: go run -race reports no race (15 runs)
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
	wg.Wait()
	fmt.Println(indent)
}
