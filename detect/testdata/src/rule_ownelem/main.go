// Each client has its own map of channel states, an element of a slice
// filled by the loop that starts the client's goroutine. The goroutine of
// iteration i reads only states[i], which no other iteration writes.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

func main() {
	channels := []string{"news", "chat", "ops"}
	states := make([]map[string]int, 4)
	sums := make([]int, len(states))
	var wg sync.WaitGroup
	for i := range states {
		states[i] = make(map[string]int, len(channels))
		for _, ch := range channels {
			states[i][ch] = len(ch) * i
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, v := range states[i] {
				sums[i] += v
			}
		}(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(len(states[i]))
		}()
	}
	wg.Wait()
	fmt.Println(sums)
}
