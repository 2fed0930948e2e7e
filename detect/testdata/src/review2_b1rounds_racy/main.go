// A load generator runs several rounds; each round starts one goroutine
// per shard and hands it &shards[i]. The rounds do not wait for each
// other (only the end waits), so round 2's goroutine for shard i runs
// beside round 1's on the same shard.
//
// want shared "corpus/src/review2_b1rounds_racy.shard.hits"
// known miss "corpus/src/review2_b1rounds_racy.shard.hits" "found only at possible confidence: the goroutines of each round take shards[i] by the inner loop's index, which comes back in every round of the outer loop; an element picked by a loop index is not shown to meet another"
// verified: go run -race reports DATA RACE (a second review's case)
package main

import (
	"fmt"
	"sync"
)

type shard struct {
	name string
	hits map[string]int
}

func main() {
	shards := make([]shard, 4)
	for i := range shards {
		shards[i] = shard{name: fmt.Sprint("s", i), hits: map[string]int{}}
	}
	var wg sync.WaitGroup
	for round := range 3 {
		for i := range shards {
			wg.Add(1)
			go func(sh *shard, id int) {
				defer wg.Done()
				for k := range 2000 {
					if k%len(shards) == id {
						sh.hits[fmt.Sprint("r", round, "k", k%50)]++
					}
				}
			}(&shards[i], i)
		}
	}
	wg.Wait()
	for _, sh := range shards {
		fmt.Println(sh.name, len(sh.hits))
	}
}
