// The lock is released before the range over the map ends.
//
// want shared "corpus/src/releasedearly.index.terms"
// want suggestion "corpus/src/releasedearly.index.terms" "hold x.mu (RLock) at src/releasedearly/main.go:29:20, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type index struct {
	mu    sync.RWMutex
	terms map[string]int
}

func (x *index) add(t string) {
	x.mu.Lock()
	x.terms[t]++
	x.mu.Unlock()
}

func (x *index) total() int {
	x.mu.RLock()
	mm := x.terms
	x.mu.RUnlock()
	n := 0
	for _, v := range mm {
		n += v
	}
	return n
}

func main() {
	x := &index{terms: map[string]int{}}
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			x.add(fmt.Sprint(i % 10))
		}
		close(done)
	}()
	n := 0
	for i := 0; i < 100; i++ {
		n += x.total()
	}
	<-done
	fmt.Println(n >= 0)
}
