// Each round makes its own harness, declares its actions, then runs
// them. Run starts the harness's goroutine and returns without waiting
// for it, so that goroutine may still read its actions when the next
// round's Do writes; but the next round's Do writes the next round's
// harness, made in that iteration.
//
// want none
// known false "corpus/src/rule_iterrun.harness.actions" "a loop that makes each round's harness anew is taken to carry it: the next round's Do counts as after the last round's Run (alertmanager's acceptance tests); telling the values a loop makes from those it carries hid races in two reviews, and was left out"
// verified: go run -race reports no race (10 runs)
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
	var all []*harness
	n := 0
	var mu sync.Mutex
	for i := range 20 {
		h := newHarness()
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n++; mu.Unlock() })
		}
		h.Run()
		all = append(all, h)
	}
	for _, h := range all {
		h.wg.Wait()
	}
	fmt.Println(n)
}
