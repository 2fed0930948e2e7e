// Package crashy fills a shared map from many goroutines.
package crashy

import (
	"strconv"
	"sync"
)

// Fill stores n keys from n goroutines into one map.
func Fill(n int) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			for j := range 1000 {
				m[strconv.Itoa(i*1000+j)] = j
			}
		})
	}
	wg.Wait()
	return m
}
