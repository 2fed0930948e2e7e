// rehashHook is unexported and nothing loaded names it: a package under
// testdata, imported by a race-only file, pulls it with go:linkname.
//
// want shared "corpus/src/rule_deadcode_testdata_racy.counts"
// known miss "corpus/src/rule_deadcode_testdata_racy.counts" "a linkname directive in a package that is neither loaded nor in a loaded package's directory is not seen, and rehashHook is taken for dead code"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"

	"corpus/src/rule_deadcode_testdata_racy/lib"
)

var (
	counts = make(map[int]int)
	wg     sync.WaitGroup
)

// rehashHook bumps k in the background and k+1 here.
func rehashHook(k int) {
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
