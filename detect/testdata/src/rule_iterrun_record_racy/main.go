// Each round makes its own harness, but also records the round in the one
// package-level log map, which every harness's goroutine reads: a loop
// that makes what it hands to Run still carries what else it writes.
//
// want shared "corpus/src/rule_iterrun_record_racy.rounds"
// known false "corpus/src/rule_iterrun_record_racy.harness.actions" "each round's harness is its own (see rule_iterrun)"
// verified: go run -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"sync"
	"time"
)

type harness struct {
	actions map[int]func()
	wg      *sync.WaitGroup
}

var (
	rounds = map[int]string{}
)

func newHarness() *harness { return &harness{actions: map[int]func(){}, wg: new(sync.WaitGroup)} }

// Do schedules f at tick at.
func (h *harness) Do(at int, f func()) { h.actions[at] = f }

// record notes that round i has begun.
func record(i int) { rounds[i] = "begun" }

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
		_ = rounds[at]
	}
}

func main() {
	n := 0
	var mu sync.Mutex
	var all []*harness
	for i := range 20 {
		h := newHarness()
		all = append(all, h)
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n++; mu.Unlock() })
		}
		record(i)
		h.Run()
	}
	for _, h := range all {
		h.wg.Wait()
	}
	fmt.Println(n, len(rounds))
}
