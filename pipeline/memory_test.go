package pipeline

import (
	"runtime/debug"
	"testing"
)

// gcNow returns the collector's current target.
func gcNow() int {
	cur := debug.SetGCPercent(100)
	debug.SetGCPercent(cur)
	return cur
}

// TestLowerGC checks that a run lowers the collector's target and puts
// back the one it found, that overlapping runs restore it only when the
// last ends, and that a GOGC the user set is left alone.
func TestLowerGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(120))
	t.Setenv("GOGC", "")
	first := lowerGC()
	if got := gcNow(); got != gcPercent {
		t.Fatalf("during a run the target is %d, want %d", got, gcPercent)
	}
	second := lowerGC()
	first()
	if got := gcNow(); got != gcPercent {
		t.Errorf("with a second run still under way the target is %d, want %d", got, gcPercent)
	}
	second()
	if got := gcNow(); got != 120 {
		t.Errorf("after the runs the target is %d, want the 120 it was", got)
	}

	t.Setenv("GOGC", "200")
	restore := lowerGC()
	if got := gcNow(); got != 120 {
		t.Errorf("with GOGC set the target is %d, want it left at 120", got)
	}
	restore()
}
