// Each round makes a new harness, but over the one actions map of the
// first: the next round's Do writes the map the last round's goroutine
// may still be ranging over.
//
// want shared "corpus/src/rule_iterrun_wrapper_racy.harness.actions"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
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
		h := &harness{actions: shared.actions}
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n++; mu.Unlock() })
		}
		h.Run()
		defer h.wg.Wait()
	}
	fmt.Println(n)
}
