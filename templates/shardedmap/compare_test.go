package shardedmap

import (
	"sync"
	"testing"
)

// TestCompareAndSwapDelete checks the sync.Map results: an absent key is
// never swapped or deleted, a present one only when its value equals old.
func TestCompareAndSwapDelete(t *testing.T) {
	var m Map[string, int]
	if CompareAndSwap(&m, "a", 0, 1) {
		t.Error("an absent key was swapped")
	}
	if _, ok := m.Load("a"); ok {
		t.Error("a failed swap stored the key")
	}
	m.Store("a", 1)
	if CompareAndSwap(&m, "a", 2, 3) {
		t.Error("swapped with the wrong old value")
	}
	if !CompareAndSwap(&m, "a", 1, 3) {
		t.Error("not swapped with the right old value")
	}
	if v, _ := m.Load("a"); v != 3 {
		t.Errorf("a = %d after the swap, want 3", v)
	}
	if CompareAndDelete(&m, "b", 0) {
		t.Error("an absent key was deleted")
	}
	if CompareAndDelete(&m, "a", 1) {
		t.Error("deleted with the wrong old value")
	}
	if !CompareAndDelete(&m, "a", 3) {
		t.Error("not deleted with the right old value")
	}
	if _, ok := m.Load("a"); ok || m.Len() != 0 {
		t.Error("the key is still there after CompareAndDelete")
	}
}

// TestCompareAndSwapCounts runs a CompareAndSwap increment loop on several
// goroutines: no increment is lost.
func TestCompareAndSwapCounts(t *testing.T) {
	var m Map[string, int]
	m.Store("n", 0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 500 {
				for {
					v, _ := m.Load("n")
					if CompareAndSwap(&m, "n", v, v+1) {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	if v, _ := m.Load("n"); v != 8*500 {
		t.Errorf("n = %d, want %d", v, 8*500)
	}
}
