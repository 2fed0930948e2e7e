// A producer and a consumer each call ensure(counts), which returns its
// argument unless it is nil: both work on the one map (a third review's
// case).
//
// want shared "corpus/src/review3_r3ensure3_racy.producer.w"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

// ensure returns m, or a new table when m is nil.
func ensure(m map[string]int) map[string]int {
	if m == nil {
		m = make(map[string]int)
	}
	return m
}

func producer(counts map[string]int, wg *sync.WaitGroup) {
	defer wg.Done()
	w := ensure(counts)
	for j := 0; j < 1000; j++ {
		w[fmt.Sprint(j)] = j
	}
}

func consumer(counts map[string]int, wg *sync.WaitGroup) {
	defer wg.Done()
	r := ensure(counts)
	n := 0
	for j := 0; j < 1000; j++ {
		n += r[fmt.Sprint(j)]
	}
	_ = n
}

func main() {
	counts := ensure(nil)
	var wg sync.WaitGroup
	wg.Add(2)
	go producer(counts, &wg)
	go consumer(counts, &wg)
	wg.Wait()
	fmt.Println(len(counts))
}
