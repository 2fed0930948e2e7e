// Two functions each make their own map of reachable pages and fill it
// through the same helpers (scan, then mark): freePages on a goroutine it
// waits for, check on the caller's goroutine. Both run at once, from two
// goroutines, but mark's parameter holds freePages' map in one and
// check's in the other: two maps.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

// mark records page p as reachable, counting pages seen twice.
func mark(reachable map[int]bool, p int) int {
	if reachable[p] {
		return 1
	}
	reachable[p] = true
	return 0
}

// scan marks the pages from to to.
func scan(reachable map[int]bool, from, to int) int {
	twice := 0
	for p := from; p < to; p++ {
		twice += mark(reachable, p%(to-from+1))
	}
	return twice
}

// freePages scans on a goroutine and returns the pages it did not reach.
func freePages(n int) []int {
	reachable := make(map[int]bool)
	done := make(chan struct{})
	go func() {
		defer close(done)
		scan(reachable, 0, n/2)
	}()
	<-done
	var free []int
	for p := range n {
		if !reachable[p] {
			free = append(free, p)
		}
	}
	return free
}

// check scans every page on the caller's goroutine.
func check(n int) int {
	reachable := make(map[int]bool)
	return scan(reachable, 0, n)
}

func main() {
	var wg sync.WaitGroup
	var free []int
	var twice int
	wg.Go(func() { free = freePages(2000) })
	wg.Go(func() { twice = check(2000) })
	wg.Wait()
	fmt.Println(len(free), twice)
}
