// Goroutines started in a loop increment a captured local map.
//
// want shared "corpus/src/looplocal.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

func main() {
	counts := map[int]int{}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				counts[i%2]++
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
