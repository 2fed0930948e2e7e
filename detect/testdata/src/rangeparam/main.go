// A callee that ranges over its map parameter reads the caller's map at
// the call: the reporter calls total(counts) while workers write counts
// under a lock the reporter does not take.
//
// want shared "corpus/src/rangeparam.counts"
// want suggestion "corpus/src/rangeparam.counts" "hold mu (Lock) at src/rangeparam/main.go:22:20, as 1 other access does"
// verified: go run -race reports DATA RACE (write in the workers, range in total)
package main

import (
	"fmt"
	"sync"
)

var (
	mu     sync.Mutex
	counts = map[string]int{}
)

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				mu.Lock()
				counts[fmt.Sprint(i, j%10)]++
				mu.Unlock()
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			fmt.Println(total(counts))
		}
	})
	wg.Wait()
}
