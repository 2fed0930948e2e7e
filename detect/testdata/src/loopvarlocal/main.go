// A map declared inside the loop body is a fresh map per iteration: each
// goroutine gets its own.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, 4)
	for i := range 4 {
		m := make(map[int]int)
		m[-1] = i
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				m[j] = j
			}
			results[i] = len(m)
		}()
	}
	wg.Wait()
	fmt.Println(results)
}
