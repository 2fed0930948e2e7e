// Every worker makes its own map with a shared constructor and fills it
// with a shared helper: the class joins them all, but no map value is
// ever seen by two goroutines.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func newCounts() map[string]int { return make(map[string]int) }

func add(m map[string]int, k string) { m[k]++ }

func worker(id int, out chan<- int) {
	m := newCounts()
	for j := 0; j < 100; j++ {
		add(m, fmt.Sprint(j%3))
	}
	out <- len(m) + id
}

func main() {
	out := make(chan int, 4)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(i, out)
		}()
	}
	wg.Wait()
	close(out)
	mine := newCounts()
	add(mine, "main")
	for n := range out {
		mine[fmt.Sprint(n)]++
	}
	fmt.Println(len(mine))
}
