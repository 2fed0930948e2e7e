// Package bench compares the shardedmap template against the other
// concurrent maps Go programs use. It is a separate module so that the main
// module never depends on xsync or concurrent-map.
//
// Run it through run.sh, which interleaves rounds and prints the ratio table.
package bench

import (
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mapfix/mapfix/templates/shardedmap"
	cmap "github.com/orcaman/concurrent-map/v2"
	"github.com/puzpuzpuz/xsync/v4"
)

// ---------------------------------------------------------------------------
// Adapters. Every implementation is called through the same interface, so the
// cost of the dynamic call is the same for all of them and cancels out of the
// ratios.

type kv[K comparable] interface {
	Load(k K) (int, bool)
	Store(k K, v int)
	Incr(k K) // read-modify-write v+1, atomic per key
}

type impl struct {
	name string
	str  func() kv[string]
	int  func() kv[int]
}

var impls = []impl{
	{"shardedmap", func() kv[string] { return newSharded[string]() }, func() kv[int] { return newSharded[int]() }},
	{"rwmutex", func() kv[string] { return newRW[string]() }, func() kv[int] { return newRW[int]() }},
	{"mutex", func() kv[string] { return newMu[string]() }, func() kv[int] { return newMu[int]() }},
	{"syncmap", func() kv[string] { return &syncMap[string]{} }, func() kv[int] { return &syncMap[int]{} }},
	{"xsync", func() kv[string] { return newXsync[string]() }, func() kv[int] { return newXsync[int]() }},
	{"cmap", func() kv[string] { return &cmapKV[string]{cmap.New[int]()} }, func() kv[int] { return newCmapInt() }},
}

// shardedmap

type sharded[K comparable] struct{ m *shardedmap.Map[K, int] }

func newSharded[K comparable]() *sharded[K] { return &sharded[K]{shardedmap.New[K, int]()} }

func inc(v int) int { return v + 1 }

func (s *sharded[K]) Load(k K) (int, bool) { return s.m.Load(k) }
func (s *sharded[K]) Store(k K, v int)     { s.m.Store(k, v) }
func (s *sharded[K]) Incr(k K)             { s.m.Update(k, inc) }

// map + sync.RWMutex

type rwMap[K comparable] struct {
	mu sync.RWMutex
	m  map[K]int
}

func newRW[K comparable]() *rwMap[K] { return &rwMap[K]{m: make(map[K]int)} }

func (r *rwMap[K]) Load(k K) (int, bool) {
	r.mu.RLock()
	v, ok := r.m[k]
	r.mu.RUnlock()
	return v, ok
}

func (r *rwMap[K]) Store(k K, v int) {
	r.mu.Lock()
	r.m[k] = v
	r.mu.Unlock()
}

func (r *rwMap[K]) Incr(k K) {
	r.mu.Lock()
	r.m[k]++
	r.mu.Unlock()
}

// map + sync.Mutex

type muMap[K comparable] struct {
	mu sync.Mutex
	m  map[K]int
}

func newMu[K comparable]() *muMap[K] { return &muMap[K]{m: make(map[K]int)} }

func (r *muMap[K]) Load(k K) (int, bool) {
	r.mu.Lock()
	v, ok := r.m[k]
	r.mu.Unlock()
	return v, ok
}

func (r *muMap[K]) Store(k K, v int) {
	r.mu.Lock()
	r.m[k] = v
	r.mu.Unlock()
}

func (r *muMap[K]) Incr(k K) {
	r.mu.Lock()
	r.m[k]++
	r.mu.Unlock()
}

// sync.Map

type syncMap[K comparable] struct{ m sync.Map }

func (s *syncMap[K]) Load(k K) (int, bool) {
	v, ok := s.m.Load(k)
	if !ok {
		return 0, false
	}
	return v.(int), true
}

func (s *syncMap[K]) Store(k K, v int) { s.m.Store(k, v) }

func (s *syncMap[K]) Incr(k K) {
	for {
		old, ok := s.m.Load(k)
		if !ok {
			if _, loaded := s.m.LoadOrStore(k, 1); !loaded {
				return
			}
			continue
		}
		if s.m.CompareAndSwap(k, old, old.(int)+1) {
			return
		}
	}
}

// xsync.Map

type xsyncMap[K comparable] struct{ m *xsync.Map[K, int] }

func newXsync[K comparable]() *xsyncMap[K] { return &xsyncMap[K]{xsync.NewMap[K, int]()} }

func xinc(old int, _ bool) (int, xsync.ComputeOp) { return old + 1, xsync.UpdateOp }

func (x *xsyncMap[K]) Load(k K) (int, bool) { return x.m.Load(k) }
func (x *xsyncMap[K]) Store(k K, v int)     { x.m.Store(k, v) }
func (x *xsyncMap[K]) Incr(k K)             { x.m.Compute(k, xinc) }

// concurrent-map (orcaman). Its default sharding is FNV-32 over strings; for
// int keys it needs a sharding function, for which we use a 32-bit mix.

type cmapKV[K comparable] struct{ m cmap.ConcurrentMap[K, int] }

func newCmapInt() *cmapKV[int] {
	return &cmapKV[int]{cmap.NewWithCustomShardingFunction[int, int](func(k int) uint32 {
		x := uint64(k) * 0x9E3779B97F4A7C15
		return uint32(x >> 32)
	})}
}

func cinc(exist bool, old, _ int) int { return old + 1 }

func (c *cmapKV[K]) Load(k K) (int, bool) { return c.m.Get(k) }
func (c *cmapKV[K]) Store(k K, v int)     { c.m.Set(k, v) }
func (c *cmapKV[K]) Incr(k K)             { c.m.Upsert(k, 0, cinc) }

// ---------------------------------------------------------------------------
// Keys and prefilled maps.

type size struct {
	name string
	n    int
}

var sizes = []size{{"1k", 1_000}, {"1M", 1_000_000}}

func stringKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	return keys
}

func intKeys(n int) []int {
	keys := make([]int, n)
	for i := range keys {
		keys[i] = i
	}
	return keys
}

// The prefilled maps are package-level so that a 1M prefill happens once per
// process, not once per b.N or per -cpu value. The benchmarks below run in
// the order size > key type > workload > implementation, so only the maps of
// one (size, key type) are alive at a time; the previous ones are dropped.
var cache struct {
	id   string
	strs []string
	ints []int
	smap map[string]kv[string]
	imap map[string]kv[int]
}

// dropCache frees the prefilled maps, so that memory and GC measurements
// see only their own map.
func dropCache() {
	cache.id, cache.strs, cache.ints, cache.smap, cache.imap = "", nil, nil, nil, nil
	runtime.GC()
}

func prefill(sz size, key string) {
	id := sz.name + "/" + key
	if cache.id == id {
		return
	}
	dropCache()
	switch key {
	case "string":
		cache.strs = stringKeys(sz.n)
		cache.smap = map[string]kv[string]{}
		for _, im := range impls {
			m := im.str()
			for i, k := range cache.strs {
				m.Store(k, i)
			}
			cache.smap[im.name] = m
		}
	case "int":
		cache.ints = intKeys(sz.n)
		cache.imap = map[string]kv[int]{}
		for _, im := range impls {
			m := im.int()
			for i, k := range cache.ints {
				m.Store(k, i)
			}
			cache.imap[im.name] = m
		}
	}
	runtime.GC()
	cache.id = id
}

// ---------------------------------------------------------------------------
// Workloads.

type workload struct {
	name string
	// Out of every 2^32 operations, read are Loads; the rest are Stores to
	// existing keys, or read-modify-write increments when incr is set.
	read uint64
	incr bool
}

func pct(p uint64) uint64 { return p << 32 / 100 }

var workloads = []workload{
	{"read100", pct(100), false},
	{"read90", pct(90), false},
	{"read50", pct(50), false},
	{"write100", 0, false},
	{"incr", 0, true},
}

// rng is wyrand: one per goroutine, no shared state between goroutines.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(uint64(*r), uint64(*r)^0xe7037ed1a0b428db)
	return hi ^ lo
}

var seed atomic.Uint64

func newRNG() rng { return rng(seed.Add(0x9E3779B97F4A7C15) ^ uint64(time.Now().UnixNano())) }

// sink keeps loads from being optimized away (they cannot be, through an
// interface call, but this makes it explicit).
var sink atomic.Int64

func run[K comparable](b *testing.B, m kv[K], keys []K, w workload) {
	n := uint64(len(keys))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := newRNG()
		var acc int
		for pb.Next() {
			x := r.next()
			k := keys[(x&(1<<32-1))*n>>32] // Lemire's reduction of the low 32 bits
			switch {
			case x>>32 < w.read:
				v, _ := m.Load(k)
				acc += v
			case w.incr:
				m.Incr(k)
			default:
				m.Store(k, int(x>>40))
			}
		}
		sink.Add(int64(acc))
	})
}

// BenchmarkMap is the comparison benchmark. Names are
// BenchmarkMap/impl=I/op=O/key=K/n=N so that benchstat can pivot on any
// of them (benchstat -col /impl). Implementations run back to back for each
// (n, key, op), so machine noise hits them alike; run.sh sets BENCH_ROUND to
// the round number, which rotates the order of the implementations so that
// none is always first after a prefill.
func BenchmarkMap(b *testing.B) {
	round, _ := strconv.Atoi(os.Getenv("BENCH_ROUND"))
	order := make([]impl, 0, len(impls))
	for i := range impls {
		order = append(order, impls[(i+round)%len(impls)])
	}
	for _, sz := range sizes {
		for _, key := range []string{"string", "int"} {
			for _, w := range workloads {
				for _, im := range order {
					name := fmt.Sprintf("impl=%s/op=%s/key=%s/n=%s", im.name, w.name, key, sz.name)
					b.Run(name, func(b *testing.B) {
						prefill(sz, key)
						if key == "string" {
							run(b, cache.smap[im.name], cache.strs, w)
						} else {
							run(b, cache.imap[im.name], cache.ints, w)
						}
					})
				}
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Allocations per operation on existing keys, with the concrete shardedmap
// API (no adapter): Load, Store, Update and Delete (Delete is paired with the
// Store that puts the key back, so the map stays the same size).

func BenchmarkAllocs(b *testing.B) {
	dropCache()
	const n = 1 << 10
	m := shardedmap.New[string, int]()
	keys := stringKeys(n)
	for i, k := range keys {
		m.Store(k, i)
	}
	b.Run("op=Load", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			m.Load(keys[i&(n-1)])
		}
	})
	b.Run("op=Store", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			m.Store(keys[i&(n-1)], i)
		}
	})
	b.Run("op=Update", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			m.Update(keys[i&(n-1)], inc)
		}
	})
	b.Run("op=Delete+Store", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			k := keys[i&(n-1)]
			m.Delete(k)
			m.Store(k, i)
		}
	})
}

// ---------------------------------------------------------------------------
// Memory: bytes per entry (1M int->int entries) and per empty map, against a
// plain map, measured with runtime.ReadMemStats after a GC; and the time of a
// full GC with the map alive. These are metrics, not timings of an operation:
// each is measured once per process and reported on every b.N.

type memResult struct {
	perEntry float64 // bytes of live heap per entry
	gcNS     float64 // ns of one runtime.GC() with the map live (best of 10)
}

var memCache = map[string]memResult{}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func gcTime() float64 {
	best := time.Duration(1 << 62)
	for range 10 {
		t := time.Now()
		runtime.GC()
		if d := time.Since(t); d < best {
			best = d
		}
	}
	return float64(best.Nanoseconds())
}

const memN = 1_000_000

// memKeys are allocated before any map is measured, so B/entry counts only
// the map's own storage (the string headers, not the bytes they point to).
var memKeys = struct {
	once sync.Once
	strs []string
}{}

func measureEntries(name string, fill func() any) memResult {
	if r, ok := memCache[name]; ok {
		return r
	}
	memKeys.once.Do(func() { memKeys.strs = stringKeys(memN) })
	base := gcTime()
	before := heapAlloc()
	m := fill()
	after := heapAlloc()
	// A pointer-free map (int keys and values) adds no GC work; the
	// difference is then noise around zero, clamped at zero.
	r := memResult{perEntry: float64(after-before) / memN, gcNS: max(0, gcTime()-base)}
	runtime.KeepAlive(m)
	memCache[name] = r
	return r
}

func fillFor[K comparable](keys func(i int) K, store func(k K, v int)) {
	for i := range memN {
		store(keys(i), i)
	}
}

func intKey(i int) int    { return i }
func strKey(i int) string { return memKeys.strs[i] }
func keyOf[K comparable]() func(int) K {
	var k K
	if _, ok := any(k).(string); ok {
		return any(strKey).(func(int) K)
	}
	return any(intKey).(func(int) K)
}

func fills[K comparable]() []struct {
	name string
	fill func() any
} {
	key := keyOf[K]()
	return []struct {
		name string
		fill func() any
	}{
		{"map", func() any {
			m := make(map[K]int)
			fillFor(key, func(k K, v int) { m[k] = v })
			return m
		}},
		{"shardedmap", func() any {
			m := shardedmap.New[K, int]()
			fillFor(key, m.Store)
			return m
		}},
		{"syncmap", func() any {
			m := new(sync.Map)
			fillFor(key, func(k K, v int) { m.Store(k, v) })
			return m
		}},
		{"xsync", func() any {
			m := xsync.NewMap[K, int]()
			fillFor(key, m.Store)
			return m
		}},
	}
}

// BenchmarkMemory reports, for 1M entries with int and with string keys
// (int values), B/entry and gc-ns (the extra time of one full GC caused by
// the live map, best of 10), and B/map for an empty map.
func BenchmarkMemory(b *testing.B) {
	dropCache()
	entries := func(key string, fs []struct {
		name string
		fill func() any
	}) {
		for _, f := range fs {
			b.Run("impl="+f.name+"/what=entries/key="+key+"/n=1M", func(b *testing.B) {
				r := measureEntries(f.name+"/"+key, f.fill)
				for b.Loop() {
				}
				b.ReportMetric(r.perEntry, "B/entry")
				b.ReportMetric(r.gcNS, "gc-ns")
			})
		}
	}
	entries("int", fills[int]())
	entries("string", fills[string]())
	empties := []struct {
		name string
		mk   func() any
	}{
		{"map", func() any { return make(map[string]int) }},
		{"shardedmap", func() any { return shardedmap.New[string, int]() }},
		{"syncmap", func() any { return new(sync.Map) }},
		{"xsync", func() any { return xsync.NewMap[string, int]() }},
		{"cmap", func() any { return cmap.New[int]() }},
	}
	for _, e := range empties {
		b.Run("impl="+e.name+"/what=empty", func(b *testing.B) {
			const n = 10_000
			keep := make([]any, n)
			before := heapAlloc()
			for i := range keep {
				keep[i] = e.mk()
			}
			after := heapAlloc()
			runtime.KeepAlive(keep)
			for b.Loop() {
			}
			// Subtract nothing for the interface slot: keep is allocated
			// before the first measurement.
			b.ReportMetric(float64(after-before)/n, "B/map")
		})
	}
}

// ---------------------------------------------------------------------------
// Len and range, against a plain map.

func BenchmarkRange(b *testing.B) {
	dropCache()
	const n = 1 << 16
	plain := make(map[int]int, n)
	m := shardedmap.New[int, int]()
	for i := range n {
		plain[i] = i
		m.Store(i, i)
	}
	b.Run("impl=map", func(b *testing.B) {
		s := 0
		for b.Loop() {
			for k, v := range plain {
				s += k + v
			}
		}
		sink.Add(int64(s))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/entry")
	})
	b.Run("impl=shardedmap", func(b *testing.B) {
		s := 0
		for b.Loop() {
			for k, v := range m.All() {
				s += k + v
			}
		}
		sink.Add(int64(s))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/entry")
	})
}

// BenchmarkLen shows that Len does not grow with the map: the same cost at
// 1k and 1M entries.
func BenchmarkLen(b *testing.B) {
	dropCache()
	for _, sz := range []size{{"1k", 1_000}, {"1M", 1_000_000}} {
		m := shardedmap.New[int, int]()
		for i := range sz.n {
			m.Store(i, i)
		}
		b.Run("impl=shardedmap/n="+sz.name, func(b *testing.B) {
			s := 0
			for b.Loop() {
				s += m.Len()
			}
			sink.Add(int64(s))
		})
	}
}
