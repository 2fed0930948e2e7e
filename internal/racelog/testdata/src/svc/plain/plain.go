// Package plain races on an int, not a map.
package plain

import "sync"

var hits int

// Hit counts calls from n goroutines without a lock.
func Hit(n int) int {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { hits++ })
	}
	wg.Wait()
	return hits
}
