package main

import (
	"fmt"
	"runtime"
	"testing"
)

func TestSettle(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
	}{
		{"read-write", map[string]string{"read_only": "show-off"}},
	}
	for attempt := range 2 {
		for _, tt := range tests {
			t.Run(fmt.Sprint(tt.name, attempt), func(t *testing.T) {
				t.Parallel()
				for i := range 5000 {
					tt.params[fmt.Sprint(i)] = "on"
					_ = settle(tt.params)
					runtime.Gosched()
				}
			})
		}
	}
}
