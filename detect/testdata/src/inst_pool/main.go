// Scratch state recycled through a sync.Pool: each request takes a
// scratch value from the pool, owns it until it clears it and puts it
// back, and uses its map only in between. A pooled value is seen by one
// goroutine at a time, ordered by the pool.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

type scratch struct {
	seen map[string]int
}

var scratchPool = sync.Pool{
	New: func() any { return &scratch{seen: make(map[string]int)} },
}

// distinct counts the distinct words of text.
func distinct(text string) int {
	sc := scratchPool.Get().(*scratch)
	for _, w := range strings.Fields(text) {
		sc.seen[w]++
	}
	n := len(sc.seen)
	clear(sc.seen)
	scratchPool.Put(sc)
	return n
}

func main() {
	texts := []string{"a b c a", "x y x y z", "one two three four"}
	sums := make([]int, 4)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3000 {
				sums[g] += distinct(texts[(g+i)%len(texts)])
			}
		})
	}
	wg.Wait()
	fmt.Println(sums[0] > 0)
}
