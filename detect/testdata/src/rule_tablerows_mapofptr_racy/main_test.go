package main

import (
	"fmt"
	"runtime"
	"testing"
)

func TestSettle(t *testing.T) {
	defaults := map[string]string{"read_only": "off"}
	tests := []row{
		{"read-write", map[string]*backend{"primary": {map[string]string{"read_only": "show-off"}}}},
		{"standby", map[string]*backend{"primary": {map[string]string{"standby": "show-on"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, b := range tt.backends {
				if len(b.params) < 5 {
					b.params = defaults
				}
			}
			for i := range 1000 {
				tt.backends["primary"].params[fmt.Sprint(i)] = "on"
				runtime.Gosched()
			}
			_ = settle(tt.backends["primary"].params)
		})
	}
}
