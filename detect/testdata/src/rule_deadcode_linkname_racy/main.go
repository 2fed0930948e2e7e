// refresh is unexported and no identifier in package main names it, but
// lib pulls it in with a go:linkname of its own: the doc-comment check
// sees no directive on refresh, so its accesses are dropped as dead code.
//
// want shared "corpus/src/rule_deadcode_linkname_racy.counts"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"

	"corpus/src/rule_deadcode_linkname_racy/lib"
)

var (
	counts = make(map[int]int)
	wg     sync.WaitGroup
)

// refresh bumps k in the background and k+1 here.
func refresh(k int) {
	wg.Add(1)
	go func() { defer wg.Done(); counts[k]++ }()
	counts[k+1]++
}

func main() {
	for i := range 100 {
		lib.Refresh(i)
	}
	wg.Wait()
	fmt.Println(len(counts))
}
