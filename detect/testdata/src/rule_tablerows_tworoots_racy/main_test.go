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
	for _, tt := range tests {
		t.Run(tt.name+"/write", func(t *testing.T) {
			t.Parallel()
			for i := range 200 {
				tt.params[fmt.Sprint(i%8)] = "on"
				runtime.Gosched()
			}
		})
		t.Run(tt.name+"/read", func(t *testing.T) {
			t.Parallel()
			for range 200 {
				_ = settle(tt.params)
				runtime.Gosched()
			}
		})
	}
}
