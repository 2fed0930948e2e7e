package main

import (
	"sync/atomic"
	"testing"

	"corpus/src/rule_testdouble/acceptancetest"
)

// count adds an action that counts to n.
func count(h *acceptancetest.Harness, at float64, n *atomic.Int32) {
	h.Do(at, func() { n.Add(1) })
}

func TestActions(t *testing.T) {
	var n atomic.Int32
	h := acceptancetest.New()
	count(h, 1, &n)
	count(h, 2, &n)
	h.Run()
	h.Wait()
	if n.Load() != 2 {
		t.Errorf("%d actions ran, want 2", n.Load())
	}
}

func TestTwoRuns(t *testing.T) {
	var n atomic.Int32
	for range 2 {
		h := acceptancetest.New()
		count(h, 1, &n)
		h.Run()
		h.Wait()
	}
	if n.Load() != 2 {
		t.Errorf("%d actions ran, want 2", n.Load())
	}
}
