package shardedmap

import (
	"sync"
	"testing"
)

// TestNewSmallStaysSmall fills a NewSmall Map from many goroutines, with
// far more entries per shard and more contention than make a Map from New
// grow, and checks that it kept its first table and every entry.
func TestNewSmallStaysSmall(t *testing.T) {
	const goroutines, per = 8, 2000
	m := NewSmall[int, int]()
	want := min(firstShards, fullShards())
	if n := len(m.t.Load().shards); n != want {
		t.Fatalf("NewSmall made %d shards; want %d", n, want)
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range per {
				m.Store(g*per+i, i)
				m.Update(-1, func(v int) int { return v + 1 }) // one contended key
			}
		})
	}
	wg.Wait()
	if n := len(m.t.Load().shards); n != want {
		t.Errorf("after %d stores the Map has %d shards; want %d", goroutines*per, n, want)
	}
	if m.Len() != goroutines*per+1 {
		t.Errorf("Len = %d; want %d", m.Len(), goroutines*per+1)
	}
	if got := m.Get(-1); got != goroutines*per {
		t.Errorf("the contended key counted %d updates; want %d", got, goroutines*per)
	}
	for k := range goroutines * per {
		if v, ok := m.Load(k); !ok || v != k%per {
			t.Fatalf("Load(%d) = %d, %v; want %d, true", k, v, ok, k%per)
		}
	}
	m.Delete(0)
	n := 0
	for range m.All() {
		n++
	}
	if n != goroutines*per {
		t.Errorf("All after one Delete produced %d entries; want %d", n, goroutines*per)
	}
	m.Clear()
	if m.Len() != 0 || len(m.t.Load().shards) != want {
		t.Errorf("after Clear: Len %d, %d shards; want 0, %d", m.Len(), len(m.t.Load().shards), want)
	}
}
