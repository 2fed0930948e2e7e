// Each round makes h with newHarness, a constructor that allocates the
// harness but hands it the one package-level actions map: the next
// round's Do writes what the last round's goroutine may still be reading.
//
// want shared "corpus/src/rule_iterrun_ctorshared_racy.actions"
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
	actions = map[int]func(){}
	wg      sync.WaitGroup
)

func newHarness() *harness { return &harness{actions: actions, wg: &wg} }

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
	for i := range 20 {
		h := newHarness()
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n++; mu.Unlock() })
		}
		h.Run()
	}
	wg.Wait()
	fmt.Println(n)
}
