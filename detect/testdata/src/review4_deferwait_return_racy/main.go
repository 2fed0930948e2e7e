// A cleanup deferred before the goroutine starts, and a wait deferred after
// an early return: on that return the wait is never registered and the
// cleanup meets the writer. (Fourth review, against deferred waits.)
//
// want shared "corpus/src/review4_deferwait_return_racy.run.table"
// verified: go run -race reports DATA RACE (5 of 5 runs, by the reviewer; 3 of 3 here)
package main

import (
	"fmt"
	"sync"
)

func run(fast bool) int {
	table := make(map[int]int)
	var wg sync.WaitGroup
	total := 0
	defer func() {
		for k := range table {
			total += k
		}
		clear(table)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 5000 {
			table[i%100] = i
		}
	}()
	if fast {
		return 0
	}
	defer wg.Wait()
	return total
}

func main() {
	fmt.Println(run(true))
	fmt.Println(run(false))
}
