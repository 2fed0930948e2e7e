package main

import (
	"testing"

	"corpus/src/rule_testdouble_racy/acceptancetest"
)

func TestLateAction(t *testing.T) {
	h := acceptancetest.New()
	for i := range 100 {
		h.Do(float64(i%5), func() {})
	}
	h.Run()
	h.Do(3, func() {}) // while Run's goroutine reads the actions
	h.Wait()
}
