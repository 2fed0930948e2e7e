// sync.Map is already safe; no plain map is shared.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

var m sync.Map

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Store(i, i)
		}()
	}
	wg.Wait()
	n := 0
	m.Range(func(k, v any) bool { n++; return true })
	fmt.Println(n)
}
