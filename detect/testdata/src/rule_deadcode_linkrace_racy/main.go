// refresh is unexported and nothing loaded names it: lib pulls it with a
// go:linkname written in a race-only file of lib's own directory, which the
// loader (no race tag) skips, and the unloaded-file scan looks only in main's.
//
// want shared "corpus/src/rule_deadcode_linkrace_racy.counts"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"

	"corpus/src/rule_deadcode_linkrace_racy/lib"
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
	if lib.Hook != nil {
		for i := range 100 {
			lib.Hook(i)
		}
	}
	wg.Wait()
	fmt.Println(len(counts))
}
