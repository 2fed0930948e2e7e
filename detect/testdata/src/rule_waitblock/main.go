// Workers are started only when there are jobs, inside an if block that
// waits for them at its end; the counts are read after the block, when
// every worker has finished.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sort"
	"sync"
)

func count(jobs []string) {
	counts := map[string]int{}
	if len(jobs) > 0 {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				counts[j] += len(j)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
}

func main() {
	count([]string{"a", "bb", "ccc", "a"})
	count(nil)
}
