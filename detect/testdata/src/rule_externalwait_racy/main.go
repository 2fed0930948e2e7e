// The workers of rule_externalwait, but main only signals them to stop
// and reads the map at once, while they may still be writing it.
//
// want shared "corpus/src/rule_externalwait_racy.main.seen"
// want suggestion "corpus/src/rule_externalwait_racy.main.seen" "hold mu (Lock) at src/rule_externalwait_racy/main.go:38:18, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
	"time"

	"corpus/internal/closer"
)

func main() {
	seen := map[int]int{}
	var mu sync.Mutex
	c := closer.New(3)
	for i := range 3 {
		go func() {
			defer c.Done()
			for j := 0; ; j++ {
				select {
				case <-c.Stopping():
					return
				default:
				}
				mu.Lock()
				seen[i] = j
				mu.Unlock()
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
	c.Signal()
	fmt.Println(len(seen))
}
