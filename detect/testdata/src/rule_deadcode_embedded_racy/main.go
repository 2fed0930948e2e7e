// impl.refresh is called only through counter, an interface embedded in
// wrapper: w.refresh's selection is on the struct, so no edge reaches it and
// the new rule takes it for dead code, though main runs it.
//
// want shared "corpus/src/rule_deadcode_embedded_racy.impl.m"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
)

type counter interface{ refresh(k int) }

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

type wrapper struct{ counter }

func main() {
	c := &impl{m: make(map[int]int)}
	w := wrapper{c}
	for i := range 100 {
		w.refresh(i)
	}
	c.wg.Wait()
	fmt.Println(len(c.m))
}
