// The workers of rule_waitblock, started batch by batch, but a large
// batch breaks out of the loop before its wait: its workers still write
// the counts while they are read after the loop.
//
// want shared "corpus/src/rule_waitblock_racy.count.counts"
// want suggestion "corpus/src/rule_waitblock_racy.count.counts" "hold mu (Lock) at src/rule_waitblock_racy/main.go:37:20, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

func count(batches [][]string) {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, batch := range batches {
		if len(batch) > 0 {
			for _, j := range batch {
				wg.Add(1)
				go func() {
					defer wg.Done()
					mu.Lock()
					counts[j] += len(j)
					mu.Unlock()
				}()
			}
			if len(batch) > 2 {
				break // a large batch is left to finish on its own
			}
			wg.Wait()
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Println(total)
	wg.Wait()
}

func main() {
	count([][]string{{"a"}, {"bb", "ccc", "dd", "e"}})
}
