package pipeline

import (
	"os"
	"runtime/debug"
	"sync"
)

// gcPercent is the garbage collector's target (what GOGC sets) while a
// check or rewrite runs. Most of mapfix's heap is the loaded syntax and
// types, which stay live from the load to the end; the default target of
// 100 lets the heap grow to twice that before each collection, though
// the stages allocate far less than the load holds. At 50 the peak RSS
// of check on nats-server (471k lines) was a quarter lower than at 100,
// for a quarter more CPU time (README, "Performance of mapfix itself").
// A GOGC the user sets is left alone.
const gcPercent = 50

var gcState struct {
	sync.Mutex
	users int // runs under way: the first lowers the target, the last restores it
	saved int
}

// lowerGC sets the collector's target to gcPercent for one run and
// returns what restores it. Overlapping runs (tests run the pipeline in
// parallel) share one setting, restored when the last of them ends.
func lowerGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcState.Lock()
	defer gcState.Unlock()
	if gcState.users == 0 {
		gcState.saved = debug.SetGCPercent(gcPercent)
	}
	gcState.users++
	return func() {
		gcState.Lock()
		defer gcState.Unlock()
		if gcState.users--; gcState.users == 0 {
			debug.SetGCPercent(gcState.saved)
		}
	}
}
