package parallelsubtest

import (
	"runtime"
	"testing"
)

func TestRegister(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for i := 0; i < 1000; i++ {
				Register(name)
				runtime.Gosched()
			}
		})
	}
}
