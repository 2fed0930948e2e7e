// A pool of goroutines that count the distinct words of each document
// with a local closure, work, that makes its own seen map on every call:
// each call's map belongs to that call, so the workers never share one.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	docs := make(chan string)
	work := func(words []string) int {
		seen := map[string]bool{}
		for _, w := range words {
			seen[strings.ToLower(w)] = true
		}
		return len(seen)
	}
	totals := make([]int, 4)
	var wg sync.WaitGroup
	for w := range totals {
		wg.Go(func() {
			for d := range docs {
				totals[w] += work(strings.Fields(d))
			}
		})
	}
	vocab := []string{"the", "map", "The", "race", "lock", "Map", "go", "shard"}
	for i := range 5000 {
		var b strings.Builder
		for j := range 12 {
			b.WriteString(vocab[(i*j+j)%len(vocab)])
			b.WriteByte(' ')
		}
		docs <- b.String()
	}
	close(docs)
	wg.Wait()
	fmt.Println(totals[0]+totals[1]+totals[2]+totals[3] > 0)
}
