package main

import (
	"runtime"
	"strings"
	"testing"
)

func TestSettle(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
	}{
		{"read-write", map[string]string{"read_only": "show-off", "standby": "off"}},
		{"standby", map[string]string{"standby": "show-on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for range 1000 {
				for k, v := range tt.params {
					if strings.HasPrefix(v, "show-") {
						delete(tt.params, k)
					}
				}
				tt.params["seen"] = "on"
				runtime.Gosched()
			}
			if s := settle(tt.params); strings.Contains(s, "show-") {
				t.Fatal(s)
			}
		})
	}
}
