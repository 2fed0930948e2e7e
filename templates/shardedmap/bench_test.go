package shardedmap

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
)

// These benchmarks measure the Map alone; the comparisons with sync.Map,
// xsync and map+RWMutex live in the separate bench/ module.

func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	return keys
}

func BenchmarkLoadString(b *testing.B) {
	keys := benchKeys(1024)
	m := New[string, int]()
	for i, k := range keys {
		m.Store(k, i)
	}
	b.RunParallel(func(pb *testing.PB) {
		i := int(rand.Uint32())
		for pb.Next() {
			m.Load(keys[i&1023])
			i++
		}
	})
}

func BenchmarkStoreInt(b *testing.B) {
	m := New[int, int]()
	b.RunParallel(func(pb *testing.PB) {
		i := int(rand.Uint32())
		for pb.Next() {
			m.Store(i&1023, i)
			i++
		}
	})
}

func BenchmarkUpdateInt(b *testing.B) {
	m := New[int, int]()
	inc := func(v int) int { return v + 1 }
	b.RunParallel(func(pb *testing.PB) {
		i := int(rand.Uint32())
		for pb.Next() {
			m.Update(i&1023, inc)
			i++
		}
	})
}

func BenchmarkMixed90Read(b *testing.B) {
	keys := benchKeys(1024)
	m := New[string, int]()
	for i, k := range keys {
		m.Store(k, i)
	}
	b.RunParallel(func(pb *testing.PB) {
		i := int(rand.Uint32())
		for pb.Next() {
			if i%10 == 0 {
				m.Store(keys[i&1023], i)
			} else {
				m.Load(keys[i&1023])
			}
			i++
		}
	})
}

// BenchmarkRWMutexMapLoadString is the single-lock baseline for
// BenchmarkLoadString.
func BenchmarkRWMutexMapLoadString(b *testing.B) {
	keys := benchKeys(1024)
	var mu sync.RWMutex
	m := map[string]int{}
	for i, k := range keys {
		m[k] = i
	}
	b.RunParallel(func(pb *testing.PB) {
		i := int(rand.Uint32())
		for pb.Next() {
			mu.RLock()
			_ = m[keys[i&1023]]
			mu.RUnlock()
			i++
		}
	})
}

func BenchmarkLen(b *testing.B) {
	m := New[int, int]()
	for i := range 100000 {
		m.Store(i, i)
	}
	b.ResetTimer()
	for b.Loop() {
		_ = m.Len()
	}
}
