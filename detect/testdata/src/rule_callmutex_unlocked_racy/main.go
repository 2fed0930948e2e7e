// rule_callmutex with main's calls of add made without the mutex: the
// worker's sweep holds it, main's adds do not, and the helpers race.
//
// want shared "corpus/src/rule_callmutex_unlocked_racy.main.counts"
// verified: go run -race reports DATA RACE
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
		add(counts, fmt.Sprint(i%9)) // forgot mu
	}
	wg.Wait()
	sweep(counts, 0)
	fmt.Println(len(counts))
}
