// Each goroutine makes its own map and never lets it escape.
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
	var mu sync.Mutex
	total := 0
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[int]int{}
			for j := 0; j < 100; j++ {
				local[j%7] += i
			}
			mu.Lock()
			total += len(local)
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(total)
}
