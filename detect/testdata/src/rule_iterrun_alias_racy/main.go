// The harness of rule_iterrun_racy, declared in the loop body but only
// as a new name for the one harness that serves every round: the next
// round's Do still writes what the last round's goroutine reads.
//
// want shared "corpus/src/rule_iterrun_alias_racy.harness.actions"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
	"time"
)

type harness struct {
	actions map[int]func()
	wg      sync.WaitGroup
}

func newHarness() *harness { return &harness{actions: map[int]func(){}} }

// Do schedules f at tick at.
func (h *harness) Do(at int, f func()) { h.actions[at] = f }

// Run starts the actions and returns after a tick.
func (h *harness) Run() {
	h.wg.Add(1)
	go h.runActions()
	time.Sleep(time.Microsecond)
}

func (h *harness) runActions() {
	defer h.wg.Done()
	for at, f := range h.actions {
		time.Sleep(time.Duration(at) * time.Microsecond)
		f()
	}
}

func main() {
	n := 0
	var mu sync.Mutex
	shared := newHarness()
	for i := range 20 {
		h := shared
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n++; mu.Unlock() })
		}
		h.Run()
	}
	shared.wg.Wait()
	fmt.Println(n)
}
