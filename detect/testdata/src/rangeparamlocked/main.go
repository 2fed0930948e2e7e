// rangeparam with the reporter holding the workers' lock around the call:
// total inherits the lock from its only call site.
//
// want none
// verified: go run -race reports no race
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
			mu.Lock()
			n := total(counts)
			mu.Unlock()
			fmt.Println(n)
		}
	})
	wg.Wait()
}
