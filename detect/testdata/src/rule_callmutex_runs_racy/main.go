// run() declares the mutex its worker and its own helper calls share,
// but main starts run twice: each run locks its own mutex, and both
// runs sweep main's one map.
//
// want shared "corpus/src/rule_callmutex_runs_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
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

func run(counts map[int]int, base int, outer *sync.WaitGroup) {
	defer outer.Done()
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 500; i++ {
			mu.Lock()
			sweep(counts, base+i%7)
			mu.Unlock()
		}
	}()
	for i := 0; i < 500; i++ {
		mu.Lock()
		sweep(counts, base+i%5)
		mu.Unlock()
	}
	wg.Wait()
}

func main() {
	counts := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	go run(counts, 1, &wg)
	go run(counts, 2, &wg)
	wg.Wait()
}
