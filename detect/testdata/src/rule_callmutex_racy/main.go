// A mutex declared inside the function that takes it: every call locks a
// mutex of its own, so the workers that call record at once keep nothing
// out of the package map.
//
// want shared "corpus/src/rule_callmutex_racy.hits"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

var hits = map[string]int{}

func record(page string) {
	var mu sync.Mutex // a new mutex per call: guards nothing
	mu.Lock()
	hits[page]++
	mu.Unlock()
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 200 {
				record(fmt.Sprint("/p/", (i+j)%7))
			}
		}()
	}
	wg.Wait()
	fmt.Println(len(hits))
}
