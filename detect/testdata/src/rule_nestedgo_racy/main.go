// wg.Wait waits for the outer goroutine, not for the one it starts and
// leaves running: main's sweep after the wait races with the inner
// one's.
//
// want shared "corpus/src/rule_nestedgo_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
	"time"
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
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		go func() {
			for i := 0; i < 3000; i++ {
				sweep(counts, i%7)
			}
		}()
	}()
	wg.Wait()
	for i := 0; i < 3000; i++ {
		sweep(counts, i%5)
	}
	time.Sleep(10 * time.Millisecond)
	fmt.Println(len(counts))
}
