// The scratch pool of inst_pool, but distinct puts the value back before
// it is done with it: it clears the map after the Put, when another
// goroutine may already have taken the same value and be counting in it.
//
// want shared "corpus/src/inst_pool_racy.scratch.seen"
// known miss "corpus/src/inst_pool_racy.scratch.seen" "a value handed back to a sync.Pool is not taken as published: the write after Put looks owned"
// verified: go run -race reports DATA RACE
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
	scratchPool.Put(sc)
	clear(sc.seen) // after the Put: the value is no longer ours
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
