// A single writer goroutine; main reads only after wg.Wait.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func main() {
	result := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			result[i] = i * i
		}
	}()
	wg.Wait()
	fmt.Println(len(result), result[3])
}
