//go:build race

package shardedmap

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// raceEnabled turns on the debug checks of race builds.
const raceEnabled = true

// debugState records which goroutines are running a function passed to
// Update or Compute, so that a call back into the same Map from inside that
// function panics instead of deadlocking on the bucket lock.
type debugState struct {
	active atomic.Int32 // functions running now; 0 makes check free
	mu     sync.Mutex
	inFunc map[uint64]string // goroutine id -> "Update" or "Compute"
}

// enter records that the current goroutine runs the function passed to op.
func (d *debugState) enter(op string) uint64 {
	id := goroutineID()
	d.mu.Lock()
	if d.inFunc == nil {
		d.inFunc = make(map[uint64]string)
	}
	d.inFunc[id] = op
	d.mu.Unlock()
	d.active.Add(1)
	return id
}

// exit undoes enter.
func (d *debugState) exit(id uint64) {
	d.mu.Lock()
	delete(d.inFunc, id)
	d.mu.Unlock()
	d.active.Add(-1)
}

// check panics when the current goroutine is inside a function passed to
// Update or Compute of this Map.
func (d *debugState) check() {
	if d.active.Load() == 0 {
		return
	}
	id := goroutineID()
	d.mu.Lock()
	op, ok := d.inFunc[id]
	d.mu.Unlock()
	if ok {
		panic("shardedmap: Map method called from inside the function passed to " + op +
			"; the function runs under a bucket lock and must not use the map")
	}
}

// goroutineID parses the id of the current goroutine from its stack header,
// "goroutine 123 [running]:". It is slow, and only race builds use it.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return 0
	}
	var id uint64
	for _, c := range b[len(prefix):] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}
