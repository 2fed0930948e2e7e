// The rate limiter of seelock_localcopy with one lock forgotten: Reset
// copies the receiver but clears the map without locking t.mu, racing
// with Allow, which locks l.mu through mu := &l.mu.
//
// want shared "corpus/src/seelock_localcopy_racy.limiter.counts"
// want suggestion "corpus/src/seelock_localcopy_racy.limiter.counts" "hold t.mu (Lock) at src/seelock_localcopy_racy/main.go:36:8, as 3 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type limiter struct {
	mu     sync.Mutex
	counts map[string]int
	limit  int
}

// Allow counts a request of key and says whether it is under the limit.
func (l *limiter) Allow(key string) bool {
	mu := &l.mu
	mu.Lock()
	defer mu.Unlock()
	if l.counts[key] >= l.limit {
		return false
	}
	l.counts[key]++
	return true
}

// Reset starts a new window.
func (l *limiter) Reset() {
	t := l
	clear(t.counts) // forgot t.mu
}

// Usage reports the count of key.
func usage(l *limiter, key string) int {
	owner := l
	owner.mu.Lock()
	defer owner.mu.Unlock()
	return owner.counts[key]
}

func main() {
	l := &limiter{counts: map[string]int{}, limit: 100}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				l.Allow(fmt.Sprint("client", (i+j)%5))
			}
		})
	}
	wg.Go(func() {
		for range 3000 {
			l.Reset()
		}
	})
	wg.Wait()
	fmt.Println(usage(l, "client1") <= 100)
}
