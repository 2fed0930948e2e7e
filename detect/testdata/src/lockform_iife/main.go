// Locks scoped by function literals called on the spot: the loop body
// runs in func() { mu.Lock(); defer mu.Unlock(); ... }() so that the
// deferred unlock happens every iteration, and a local closure that
// updates the map is only called between Lock and Unlock.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	var mu sync.Mutex
	byHost := map[string]int{}
	record := func(host string) {
		byHost[host]++
	}
	logs := []string{"a.example GET /", "b.example GET /x", "a.example POST /y"}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := range 2000 {
				host, _, _ := strings.Cut(logs[(w+i)%len(logs)], " ")
				func() {
					mu.Lock()
					defer mu.Unlock()
					if byHost[host] >= 500 {
						delete(byHost, host) // a new window for a busy host
					}
				}()
				mu.Lock()
				record(host)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	fmt.Println(len(byHost) <= 3)
}
