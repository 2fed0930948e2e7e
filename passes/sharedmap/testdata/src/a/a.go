// Package a shares maps between goroutines only through the functions of
// package b: each finding here needs b's facts.
package a

import (
	"sync"

	"b"
)

var scores = map[string]int{} // want `var scores \(map\[string\]int\) is shared between goroutines without a lock \[certain\]`

// Race writes scores through b.Put on a goroutine and on the caller's.
func Race() {
	done := make(chan bool)
	go func() {
		b.Put(scores, "x")
		close(done)
	}()
	b.Put(scores, "y")
	<-done
}

var totals = map[string]int{} // want `var totals \(map\[string\]int\) is shared`

// Chain writes totals through b.Relay, which writes through c.Inc.
func Chain() {
	go b.Relay(totals)
	b.Relay(totals)
}

var views = map[string]int{} // want `var views \(map\[string\]int\) is shared`

// ReadWhileRanging ranges in a goroutine while the caller writes.
func ReadWhileRanging() {
	go b.Dump(views)
	views["x"] = 1
}

// Spawn reads a map that b.Fill writes on a goroutine of its own.
func Spawn() int {
	counts := map[string]int{} // want `local counts \(map\[string\]int\) is shared`
	b.Fill(counts)
	return counts["filled"]
}

var shared = map[string]int{} // want `var shared \(map\[string\]int\) is shared`

// UseStore writes shared through a method of b that writes a field.
func UseStore() {
	st := &b.Store{M: shared}
	go st.Add("x")
	st.Add("y")
}

var guarded = map[string]int{}

// Guarded calls b.Locked, which takes a lock: not a finding.
func Guarded() {
	go b.Locked(guarded, "x")
	b.Locked(guarded, "y")
}

var readOnly = map[string]int{"x": 1}

// Readers only read: not a finding.
func Readers() int {
	go b.Get(readOnly, "x")
	return b.Get(readOnly, "x")
}

// Waits: b.Waited has finished its goroutine when it returns.
func Waits() int {
	m := map[string]int{}
	b.Waited(m)
	return m["waited"]
}

// Many starts goroutines through b.Spread, which already races on its
// own: the finding is b's, and a's map joins it through the argument.
func Many() {
	m := map[string]int{} // want `local m \(map\[string\]int\) is shared`
	b.Spread(m)
}

var (
	mu     sync.Mutex
	locked = map[string]int{}
)

// CallerLocks holds mu around both calls of b.Set: the callee's write is
// under the caller's lock, so not a finding. (Each case calls functions
// of b that no other case calls: two maps passed to one parameter are one
// class.)
func CallerLocks() {
	go func() {
		mu.Lock()
		b.Set(locked, "x", 1)
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	b.Set(locked, "y", 2)
}

var halfLocked = map[string]int{} // want `var halfLocked \(map\[string\]int\) is shared`

// OneSideLocks holds mu on one side only.
func OneSideLocks() {
	go func() {
		mu.Lock()
		b.Via(halfLocked)
		mu.Unlock()
	}()
	b.Via(halfLocked)
}
