// Goroutines started in a loop each get the shared counts map through a
// helper handed its address, which makes it on first use and returns it:
// every goroutine writes the one map (a third review's case).
//
// want shared "corpus/src/review3_r2lazyptr_racy.main.counts"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

// table returns *p, making it on first use.
func table(p *map[string]int) map[string]int {
	if *p == nil {
		*p = make(map[string]int)
	}
	return *p
}

func main() {
	var counts map[string]int
	table(&counts)["warm"] = 1
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t := table(&counts)
			for j := 0; j < 200; j++ {
				t[fmt.Sprint(i, j)] = j
			}
		}(i)
	}
	wg.Wait()
	fmt.Println(len(counts))
}
