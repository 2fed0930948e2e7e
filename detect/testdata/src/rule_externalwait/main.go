// Workers record what they saw in a map until a closer from another
// module stops them; main reads the map after SignalAndWait, which waits
// for every worker, though its code is not loaded to show it.
//
// want none
// verified: go run -race reports no race (10 runs)
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
				time.Sleep(time.Millisecond)
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
	c.SignalAndWait()
	fmt.Println(len(seen))
}
