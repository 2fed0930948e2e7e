// refresh is called only from stress_race.go, a file built with the race
// detector on (go run -race): the loader, without the race tag, sees no
// reference to refresh and drops its accesses as dead code.
//
// want shared "corpus/src/rule_deadcode_buildtag_racy.counts"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
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

// stress runs extra work in race builds; nil otherwise.
var stress func()

func main() {
	if stress != nil {
		stress()
	}
	wg.Wait()
	fmt.Println(len(counts))
}
