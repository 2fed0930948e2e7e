// main fills the map before the first go statement; afterwards everyone
// only reads.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var names = map[int]string{}

func load() {
	for i := range 10 {
		names[i] = fmt.Sprint(i)
	}
}

func main() {
	load()
	names[10] = "ten"
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = names[i]
		}()
	}
	fmt.Println(names[1])
	wg.Wait()
}
