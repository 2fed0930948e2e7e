// The second goroutine starts only after the first was waited for.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var state = map[string]int{}

func first(wg *sync.WaitGroup) {
	defer wg.Done()
	state["first"]++
}

func second(wg *sync.WaitGroup) {
	defer wg.Done()
	state["second"]++
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go first(&wg)
	wg.Wait()
	wg.Add(1)
	go second(&wg)
	wg.Wait()
	fmt.Println(state)
}
