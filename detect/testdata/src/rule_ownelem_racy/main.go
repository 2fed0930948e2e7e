// The clients of rule_ownelem, but each goroutine also reads its
// neighbour's map, which the next iteration is still filling.
//
// want shared "corpus/src/rule_ownelem_racy.main.states"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

func main() {
	channels := []string{"news", "chat", "ops"}
	states := make([]map[string]int, 64)
	for i := range states {
		states[i] = map[string]int{}
	}
	sums := make([]int, len(states))
	var wg sync.WaitGroup
	for i := range states {
		for _, ch := range channels {
			states[i][ch] = len(ch) * i
		}
		next := (i + 1) % len(states)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, v := range states[next] {
				sums[i] += v
			}
		}(i)
	}
	wg.Wait()
	fmt.Println(sums[0])
}
