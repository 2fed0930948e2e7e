// The goroutine's literal takes the mutex as a parameter, a different
// one for each goroutine (&mus[g]): not main's one mutex.
//
// want shared "corpus/src/rule_callmutex_param_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

func sweep(m map[int]int, n int) {
	for k, v := range m {
		if v > n {
			delete(m, k)
		}
	}
	m[n]++
}

func main() {
	counts := map[int]int{}
	var mus [3]sync.Mutex
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Add(1)
		go func(mu *sync.Mutex) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				mu.Lock()
				sweep(counts, g+i%7)
				mu.Unlock()
			}
		}(&mus[g])
	}
	wg.Wait()
	fmt.Println(len(counts))
}
