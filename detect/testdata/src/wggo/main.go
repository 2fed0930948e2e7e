// sync.WaitGroup.Go (Go 1.25) starts goroutines in a loop that all write.
//
// want shared "corpus/src/wggo.seen"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

var seen = map[int]bool{}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := 0; j < 100; j++ {
				seen[i*1000+j] = true
			}
		})
	}
	wg.Wait()
	fmt.Println(len(seen))
}
