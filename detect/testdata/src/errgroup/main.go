// errgroup.Group.Go starts goroutines in a loop that all write totals;
// results has a single writer and is read after Wait.
//
// want shared "corpus/src/errgroup.totals"
// verified: go run -race reports DATA RACE (on totals only)
package main

import (
	"fmt"

	"golang.org/x/sync/errgroup"
)

var totals = map[int]int{}

func main() {
	var g errgroup.Group
	for i := range 4 {
		g.Go(func() error {
			for j := 0; j < 100; j++ {
				totals[i%2] += j
			}
			return nil
		})
	}
	_ = g.Wait()

	results := map[int]int{}
	var g2 errgroup.Group
	g2.Go(func() error {
		for j := 0; j < 100; j++ {
			results[j] = j
		}
		return nil
	})
	if err := g2.Wait(); err != nil {
		return
	}
	fmt.Println(len(totals), len(results))
}
