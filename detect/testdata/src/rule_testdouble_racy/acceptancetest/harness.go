// Package acceptancetest runs timed actions against a program under test,
// as alertmanager's acceptance tests do.
package acceptancetest

import (
	"sort"
	"sync"
	"time"
)

// Harness runs each action at its offset from the start of Run.
type Harness struct {
	actions map[float64][]func()
	wg      sync.WaitGroup
}

// New returns a harness with no actions.
func New() *Harness { return &Harness{actions: make(map[float64][]func())} }

// Do adds f at offset at, in seconds. It is called before Run.
func (h *Harness) Do(at float64, f func()) {
	h.actions[at] = append(h.actions[at], f)
}

// Run runs the actions on a goroutine of its own.
func (h *Harness) Run() {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		start := time.Now()
		var ats []float64
		for at := range h.actions {
			ats = append(ats, at)
		}
		sort.Float64s(ats)
		for _, at := range ats {
			time.Sleep(time.Until(start.Add(time.Duration(at * float64(time.Millisecond)))))
			for _, f := range h.actions[at] {
				f()
			}
		}
	}()
}

// Wait returns when every action has run.
func (h *Harness) Wait() { h.wg.Wait() }
