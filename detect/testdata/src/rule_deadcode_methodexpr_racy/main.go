// impl.refresh runs only through the method expression refresher.refresh
// (an interface's method as a function value): no call edge, no value
// reference reaches impl.refresh, so the new rule drops it as dead code.
//
// want shared "corpus/src/rule_deadcode_methodexpr_racy.impl.m"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type refresher interface{ refresh(k int) }

type impl struct {
	m  map[int]int
	wg sync.WaitGroup
}

// refresh bumps k in the background and k+1 here.
func (c *impl) refresh(k int) {
	c.wg.Add(1)
	go func() { defer c.wg.Done(); c.m[k]++ }()
	c.m[k+1]++
}

func main() {
	c := &impl{m: make(map[int]int)}
	do := refresher.refresh
	for i := range 100 {
		do(c, i)
	}
	c.wg.Wait()
	fmt.Println(len(c.m))
}
