// A local mutex captured by the closures guards a local map.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			seen[i] = true
		}()
	}
	mu.Lock()
	_ = seen[0]
	mu.Unlock()
	wg.Wait()
	fmt.Println(len(seen))
}
