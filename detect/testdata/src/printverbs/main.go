// %T and %p read no entry of a map: a goroutine prints the type and the
// address of a map, and the type of a struct holding another, while a
// worker writes both. fmt prints a pointer's address for %p without
// looking behind it, and %T prints only the type.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"io"
	"sync"
)

type cache struct {
	hits map[string]int
}

func main() {
	seen := map[string]bool{}
	c := &cache{hits: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			seen[fmt.Sprint(i%7)] = true
			c.hits[fmt.Sprint(i%5)]++
		}
	})
	wg.Go(func() {
		for range 20 {
			fmt.Fprintf(io.Discard, "%T %p\n", seen, seen)
			fmt.Fprintf(io.Discard, "%T %p %[1]T\n", c, c)
		}
	})
	wg.Wait()
}
