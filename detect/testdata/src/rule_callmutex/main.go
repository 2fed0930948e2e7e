// The twin of rule_callmutex_racy: main's mutex is shared with the worker
// through its literal, and the helpers that touch the map are called
// only with it held (the last call comes after wg.Wait). The helpers
// cannot name main's mutex, yet they run under it.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func add(m map[string]int, k string) { m[k]++ }

func sweep(m map[string]int, max int) {
	for k, n := range m {
		if n > max {
			delete(m, k)
		}
	}
}

func main() {
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 100 {
			mu.Lock()
			sweep(counts, 3)
			mu.Unlock()
		}
	}()
	for i := range 300 {
		mu.Lock()
		add(counts, fmt.Sprint(i%9))
		mu.Unlock()
	}
	wg.Wait()
	sweep(counts, 0)
	fmt.Println(len(counts))
}
