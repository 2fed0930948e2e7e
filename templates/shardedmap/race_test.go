//go:build race && go1.23

// The go1.23 term lets this file range over functions and integers in a
// module whose go.mod says an older go line (the rest of the package needs
// only Go 1.21): a build constraint on a newer release sets the file's
// language version.

package shardedmap

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// raceStressIters is the number of operations of each goroutine of
// TestRaceStress. It is small so that the test adds well under a second to
// a module's go test -race; mapfix's own repository runs it longer.
var raceStressIters = 100

// TestRaceStress runs every method of Map from many goroutines at once on a
// few shared keys; the race detector checks the synchronization. It ends
// with exact counts.
func TestRaceStress(t *testing.T) {
	const goroutines = 8
	iters := raceStressIters
	if testing.Short() {
		iters = min(iters, 300)
	}
	m := New[string, int]()
	counters := New[int, int]()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range iters {
				k := "k" + strconv.Itoa(i%64)
				counters.Update(i%8, func(v int) int { return v + 1 })
				switch (g + i) % 17 {
				case 0:
					m.Store(k, i)
				case 1:
					m.Load(k)
				case 2:
					m.Get(k)
				case 3:
					m.Has(k)
				case 4:
					m.LoadOrStore(k, i)
				case 5:
					m.LoadAndDelete(k)
				case 6:
					m.Delete(k)
				case 7:
					m.Swap(k, i)
				case 8:
					m.Update(k, func(v int) int { return v + 1 })
				case 9:
					m.Compute(k, func(v int, loaded bool) (int, ComputeOp) {
						return v + 1, ComputeOp(i % 3)
					})
				case 10:
					_ = m.Len()
				case 11:
					if i%50 == 0 {
						m.Clear()
					}
				case 12:
					for k, v := range m.All() {
						if v%3 == 0 {
							m.Store(k, v+1)
						}
					}
				case 13:
					for k := range m.Keys() {
						m.Has(k)
					}
					for range m.Values() {
						break
					}
				case 14:
					_ = m.Clone()
					m.Range(func(string, int) bool { return true })
				case 15:
					_ = fmt.Sprint(m)
					if b, err := json.Marshal(m); err == nil {
						_ = json.Unmarshal(b, m)
					}
				case 16:
					m.Store(k+"-"+strconv.Itoa(g), i) // many keys: the table grows
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, v := range counters.All() {
		total += v
	}
	if want := goroutines * iters; total != want || counters.Len() != 8 {
		t.Fatalf("counters: total %d over %d keys; want %d over 8", total, counters.Len(), want)
	}
	if got, want := m.Len(), len(m.Clone()); got != want {
		t.Fatalf("Len %d; Clone has %d entries", got, want)
	}
}

// TestRaceReentrantUpdate: in race builds a call into the map from inside
// the function passed to Update or Compute panics with a clear message
// instead of deadlocking.
func TestRaceReentrantUpdate(t *testing.T) {
	m := New[string, int]()
	m.Store("a", 1)
	for name, call := range map[string]func(){
		"Update": func() {
			m.Update("a", func(v int) int { return v + m.Get("a") })
		},
		"Compute": func() {
			m.Compute("a", func(v int, _ bool) (int, ComputeOp) { m.Store("b", 2); return v, UpdateOp })
		},
		"Update ranging": func() {
			m.Update("a", func(v int) int {
				for range m.All() {
				}
				return v
			})
		},
	} {
		op, _, _ := strings.Cut(name, " ")
		want := "shardedmap: Map method called from inside the function passed to " + op +
			"; the function runs under a bucket lock and must not use the map"
		func() {
			defer func() {
				if r := recover(); r != want {
					t.Errorf("%s: panic %v; want %q", name, r, want)
				}
			}()
			call()
		}()
	}
	// The map still works, and other goroutines may use it during an Update.
	m.Update("a", func(v int) int {
		done := make(chan bool, 1)
		go func() { done <- m.Has("zzz") }() // no panic: another goroutine
		runtime.Gosched()
		return v + 1 // do not wait for done: Has may block on this bucket's lock
	})
	if m.Get("a") != 2 {
		t.Fatalf("a = %d; want 2", m.Get("a"))
	}
	// Another map may be used inside the function.
	other := New[string, int]()
	m.Update("a", func(v int) int { other.Store("x", v); return v })
}
