package main

import (
	"testing"
	"time"
)

// Each row spells out its own map behind a pointer, but the loop stores a
// shared default through it (*tt.m = defaults): a star on the left is not
// a field assignment, so the row counts as its own.
func TestTally(t *testing.T) {
	defaults := map[string]int{}
	tests := []struct {
		name string
		m    *map[string]int
	}{
		{"a", &map[string]int{"a": 1}},
		{"b", &map[string]int{"b": 1}},
	}
	for _, tt := range tests {
		*tt.m = defaults
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for range 100 {
				(*tt.m)["x"]++
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
}
