// The helpers of rule_helperowners, but freePages reads its map before it
// waits for the scanning goroutine: the goroutine writes the map through
// mark while freePages reads it. mark's parameter is also fed check's map,
// so the detector cannot show the pair on one map.
//
// want shared "corpus/src/rule_helperowners_racy.freePages.reachable"
// known miss "corpus/src/rule_helperowners_racy.freePages.reachable" "found only at possible confidence: the writes go through mark's parameter, which check's map feeds too, so the pair is not shown on freePages' map"
// verified: go run -race reports DATA RACE
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
	var free []int
	for p := range n {
		if !reachable[p] { // before the wait
			free = append(free, p)
		}
	}
	<-done
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
