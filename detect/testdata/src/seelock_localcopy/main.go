// A rate limiter whose lock is reached through local copies of its owner:
// Allow takes mu := &l.mu and locks that, Reset copies the receiver
// (t := l) and locks t.mu before clearing l.counts. Both are l.mu.
//
// want none
// verified: go run -race reports no race (3 runs)
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
	t.mu.Lock()
	clear(l.counts)
	t.mu.Unlock()
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
