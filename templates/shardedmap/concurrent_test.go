package shardedmap

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentUpdate: N goroutines times M increments of a few hot keys
// lose no increment, also while the table grows under contention.
func TestConcurrentUpdate(t *testing.T) {
	const goroutines, per, keys = 16, 2000, 5
	m := New[string, int]()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range per {
				m.Update("k"+strconv.Itoa((g+i)%keys), func(v int) int { return v + 1 })
			}
		})
	}
	wg.Wait()
	total := 0
	for _, v := range m.All() {
		total += v
	}
	if total != goroutines*per || m.Len() != keys {
		t.Fatalf("total %d over %d keys; want %d over %d", total, m.Len(), goroutines*per, keys)
	}
}

// TestConcurrentGrow stores distinct keys from many goroutines so that the
// table grows while they write, then checks every key.
func TestConcurrentGrow(t *testing.T) {
	const goroutines, per = 8, 3000
	m := new(Map[int, int])
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range per {
				k := g*per + i
				m.Store(k, k)
				if v, ok := m.Load(k); !ok || v != k {
					t.Errorf("Load(%d) right after Store = %d, %v", k, v, ok)
					return
				}
			}
		})
	}
	wg.Wait()
	if m.Len() != goroutines*per {
		t.Fatalf("Len = %d; want %d", m.Len(), goroutines*per)
	}
	for k := range goroutines * per {
		if m.Get(k) != k {
			t.Fatalf("Get(%d) = %d", k, m.Get(k))
		}
	}
}

// TestLoadOrStoreOneWinner: for each key exactly one of the racing
// LoadOrStore calls stores, and every caller sees the winner's value.
func TestLoadOrStoreOneWinner(t *testing.T) {
	const goroutines, keys = 8, 500
	m := New[int, int]()
	var wins [keys]atomic.Int32
	var wg sync.WaitGroup
	results := make([][keys]int, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for k := range keys {
				v, loaded := m.LoadOrStore(k, g)
				if !loaded {
					wins[k].Add(1)
				}
				results[g][k] = v
			}
		})
	}
	wg.Wait()
	for k := range keys {
		if wins[k].Load() != 1 {
			t.Fatalf("key %d: %d winners", k, wins[k].Load())
		}
		for g := range goroutines {
			if results[g][k] != m.Get(k) {
				t.Fatalf("key %d: goroutine %d saw %d; stored %d", k, g, results[g][k], m.Get(k))
			}
		}
	}
}

// TestRangeBodyWrites: a loop body that writes the same map, while other
// goroutines write it too, does not deadlock, and keys present for the whole
// loop are seen once.
func TestRangeBodyWrites(t *testing.T) {
	m := New[int, int]()
	for i := range 1000 {
		m.Store(i, i)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				k := 10000 + g*100000 + i%5000
				m.Store(k, i)
				m.Delete(k - 1)
			}
		})
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for round := range 20 {
			seen := map[int]int{}
			for k, v := range m.All() {
				seen[k]++
				m.Update(k, func(v int) int { return v })
				if k >= 0 {
					m.Store(-1-k%7, v)
					m.Delete(-1 - (k+3)%7)
				}
				_ = m.Len()
			}
			for k := range 1000 {
				if seen[k] != 1 {
					t.Errorf("round %d: key %d seen %d times", round, k, seen[k])
					return
				}
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("deadlock: range loop did not finish")
	}
	close(stop)
	wg.Wait()
}
