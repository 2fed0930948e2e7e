package main

import (
	"testing"
	"time"
)

// A goto sends the table loop round again: each row's map is handed to
// two parallel subtests, one per pass.
func TestTally(t *testing.T) {
	tests := []struct {
		name string
		m    map[string]int
	}{
		{"a", map[string]int{"x": 1}},
	}
	n := 0
again:
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for range 100 {
				tt.m["x"]++
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
	if n++; n < 2 {
		goto again
	}
}
