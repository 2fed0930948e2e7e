// A package mutex guards a package map everywhere.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var (
	mu    sync.Mutex
	users = map[int]string{}
)

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			users[i] = fmt.Sprint(i)
			mu.Unlock()
		}()
	}
	mu.Lock()
	n := len(users)
	mu.Unlock()
	wg.Wait()
	fmt.Println(n >= 0)
}
