// The word-counting pool of rule_closurelocal with the seen map hoisted
// out of the closure to save allocations: every worker's call of work now
// clears and fills the same map.
//
// want shared "corpus/src/rule_closurelocal_racy.main.seen"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	docs := make(chan string)
	seen := map[string]bool{} // made once, shared by every worker's calls
	work := func(words []string) int {
		clear(seen)
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
