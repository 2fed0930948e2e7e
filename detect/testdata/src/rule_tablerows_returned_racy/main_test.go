package main

import (
	"fmt"
	"runtime"
	"testing"
)

func TestSettle(t *testing.T) {
	defaults := map[string]string{"read_only": "off"}
	tests := []row{
		{"read-write", &config{map[string]string{"read_only": "show-off"}}},
		{"standby", &config{map[string]string{"standby": "show-on"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			current := func() *config { return tt.cfg }
			if c := current(); len(c.params) < 5 {
				c.params = defaults
			}
			for i := range 2000 {
				tt.cfg.params[fmt.Sprint(i)] = "on"
				runtime.Gosched()
			}
			_ = settle(tt.cfg.params)
		})
	}
}
