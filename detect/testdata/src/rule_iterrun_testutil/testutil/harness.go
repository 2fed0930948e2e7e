// Package testutil runs a scenario's actions on a goroutine of their
// own, the way an acceptance-test harness does. Only tests import it.
package testutil

import (
	"sync"
	"time"
)

// Harness holds the actions of one scenario.
type Harness struct {
	actions map[int]func()
	wg      sync.WaitGroup
}

// New returns a harness with no actions.
func New() *Harness {
	h := &Harness{actions: map[int]func(){}}
	return h
}

// Do schedules f at tick at.
func (h *Harness) Do(at int, f func()) { h.actions[at] = f }

// Run starts the actions and returns after a tick.
func (h *Harness) Run() {
	h.wg.Add(1)
	go h.runActions()
	time.Sleep(time.Microsecond)
}

// Wait waits for the actions to end.
func (h *Harness) Wait() { h.wg.Wait() }

func (h *Harness) runActions() {
	defer h.wg.Done()
	for at, f := range h.actions {
		time.Sleep(time.Duration(at) * time.Microsecond)
		f()
	}
}
