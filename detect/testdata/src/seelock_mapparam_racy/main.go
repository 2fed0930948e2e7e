// The aggregator of seelock_mapparam with one lock forgotten: Hot passes
// the totals to over without a.mu, so the helper's range races with the
// merges of the workers.
//
// want shared "corpus/src/seelock_mapparam_racy.aggregator.totals"
// want suggestion "corpus/src/seelock_mapparam_racy.aggregator.totals" "hold a.mu (Lock) at src/seelock_mapparam_racy/main.go:49:2, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sort"
	"sync"
)

type aggregator struct {
	mu     sync.Mutex
	totals map[string]int
}

// mergeInto adds the counts of src to dst.
func mergeInto(dst, src map[string]int) {
	for k, v := range src {
		dst[k] += v
	}
}

// over lists the keys of m whose count is at least min.
func over(m map[string]int, min int) []string {
	var keys []string
	for k, v := range m {
		if v >= min {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// Add merges a worker's batch.
func (a *aggregator) Add(batch map[string]int) {
	a.mu.Lock()
	mergeInto(a.totals, batch)
	a.mu.Unlock()
}

// Hot lists the busy keys.
func (a *aggregator) Hot(min int) []string {
	return over(a.totals, min) // forgot a.mu
}

func main() {
	a := &aggregator{totals: map[string]int{}}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := range 2000 {
				batch := map[string]int{}
				batch[fmt.Sprint("k", (w+i)%7)]++
				batch["all"]++
				a.Add(batch)
			}
		})
	}
	wg.Go(func() {
		for range 2000 {
			_ = a.Hot(10)
		}
	})
	wg.Wait()
	fmt.Println(a.Hot(6000))
}
