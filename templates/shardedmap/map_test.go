package shardedmap

import (
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestShardSize(t *testing.T) {
	if got := unsafe.Sizeof(shard[string, int]{}); got%cacheLine != 0 {
		t.Errorf("shard size %d is not a multiple of %d", got, cacheLine)
	}
	if got := unsafe.Sizeof(shard[[64]byte, [64]byte]{}); got != cacheLine {
		t.Errorf("shard size %d; want %d", got, cacheLine)
	}
}

// TestBucketStride checks the layout makeBuckets gives: on 64-bit machines
// a small table's buckets are whole cache lines, a large table's are not
// padded, and either way the collector keeps what the slots point to.
func TestBucketStride(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) == 8 {
		for _, size := range []uintptr{unsafe.Sizeof(bucket[int, int]{}), unsafe.Sizeof(bucket[string, *int]{})} {
			if size%bucketLine != bucketLine-32 {
				t.Errorf("bucket size %d: want 32 bytes past a whole number of lines", size)
			}
		}
		if _, stride := makeBuckets[int, int](maxPadded); stride%bucketLine != 0 {
			t.Errorf("stride of %d buckets: %d, want whole cache lines", maxPadded, stride)
		}
		if _, stride := makeBuckets[int, int](2 * maxPadded); stride != unsafe.Sizeof(bucket[int, int]{}) {
			t.Errorf("stride of %d buckets: %d, want the bucket's size", 2*maxPadded, stride)
		}
	}
	for _, n := range []int{64, 4 * maxPadded * bucketSlots} {
		m := New[string, *int]()
		for i := range n {
			v := i
			m.Store(strconv.Itoa(i), &v)
		}
		runtime.GC()
		for i := range n {
			if p := m.Get(strconv.Itoa(i)); p == nil || *p != i {
				t.Fatalf("%d entries: key %d holds %v after a collection", n, i, p)
			}
		}
	}
}

func TestFullShards(t *testing.T) {
	n := fullShards()
	if n&(n-1) != 0 || n < firstShards || n > maxShards || n < min(4*runtime.GOMAXPROCS(0), maxShards) {
		t.Errorf("fullShards() = %d with GOMAXPROCS %d", n, runtime.GOMAXPROCS(0))
	}
}

func TestBasic(t *testing.T) {
	for name, m := range map[string]*Map[string, int]{
		"New":             New[string, int](),
		"zero":            new(Map[string, int]),
		"NewWithCapacity": NewWithCapacity[string, int](1000),
		"Of(nil)":         Of[string, int](nil),
	} {
		t.Run(name, func(t *testing.T) {
			if m.Len() != 0 || m.Has("a") || m.Get("a") != 0 {
				t.Fatal("new map not empty")
			}
			if v, ok := m.Load("a"); v != 0 || ok {
				t.Fatalf("Load on empty = %v, %v", v, ok)
			}
			m.Store("a", 1)
			if v, ok := m.Load("a"); v != 1 || !ok {
				t.Fatalf("Load = %v, %v", v, ok)
			}
			if !m.Has("a") || m.Get("a") != 1 || m.Len() != 1 {
				t.Fatal("after Store")
			}
			if v, loaded := m.LoadOrStore("a", 2); v != 1 || !loaded {
				t.Fatalf("LoadOrStore existing = %v, %v", v, loaded)
			}
			if v, loaded := m.LoadOrStore("b", 2); v != 2 || loaded {
				t.Fatalf("LoadOrStore new = %v, %v", v, loaded)
			}
			if v, loaded := m.Swap("b", 3); v != 2 || !loaded {
				t.Fatalf("Swap existing = %v, %v", v, loaded)
			}
			if v, loaded := m.Swap("c", 4); v != 0 || loaded {
				t.Fatalf("Swap new = %v, %v", v, loaded)
			}
			if got := m.Update("c", func(v int) int { return v + 10 }); got != 14 {
				t.Fatalf("Update existing = %v", got)
			}
			if got := m.Update("d", func(v int) int { return v + 10 }); got != 10 {
				t.Fatalf("Update new = %v", got)
			}
			want := map[string]int{"a": 1, "b": 3, "c": 14, "d": 10}
			if got := m.Clone(); !maps.Equal(got, want) {
				t.Fatalf("Clone = %v; want %v", got, want)
			}
			if m.Len() != 4 {
				t.Fatalf("Len = %d", m.Len())
			}
			if v, loaded := m.LoadAndDelete("d"); v != 10 || !loaded {
				t.Fatalf("LoadAndDelete existing = %v, %v", v, loaded)
			}
			if v, loaded := m.LoadAndDelete("d"); v != 0 || loaded {
				t.Fatalf("LoadAndDelete absent = %v, %v", v, loaded)
			}
			m.Delete("c")
			m.Delete("zz")
			want = map[string]int{"a": 1, "b": 3}
			if got := maps.Collect(m.All()); !maps.Equal(got, want) {
				t.Fatalf("All = %v; want %v", got, want)
			}
			if got := slices.Sorted(m.Keys()); !slices.Equal(got, []string{"a", "b"}) {
				t.Fatalf("Keys = %v", got)
			}
			if got := slices.Sorted(m.Values()); !slices.Equal(got, []int{1, 3}) {
				t.Fatalf("Values = %v", got)
			}
			got := map[string]int{}
			m.Range(func(k string, v int) bool { got[k] = v; return true })
			if !maps.Equal(got, want) {
				t.Fatalf("Range = %v", got)
			}
			m.Clear()
			if m.Len() != 0 || m.Has("a") || len(m.Clone()) != 0 {
				t.Fatal("Clear left entries")
			}
			m.Store("x", 1)
			if m.Len() != 1 {
				t.Fatal("Store after Clear")
			}
		})
	}
}

func TestCompute(t *testing.T) {
	m := New[string, int]()
	v, ok := m.Compute("a", func(old int, loaded bool) (int, ComputeOp) {
		if old != 0 || loaded {
			t.Errorf("absent: old %d, loaded %v", old, loaded)
		}
		return 5, UpdateOp
	})
	if v != 5 || !ok || m.Get("a") != 5 {
		t.Fatalf("UpdateOp = %v, %v", v, ok)
	}
	v, ok = m.Compute("a", func(old int, loaded bool) (int, ComputeOp) {
		if old != 5 || !loaded {
			t.Errorf("present: old %d, loaded %v", old, loaded)
		}
		return 9, CancelOp
	})
	if v != 5 || !ok || m.Get("a") != 5 {
		t.Fatalf("CancelOp on present = %v, %v", v, ok)
	}
	v, ok = m.Compute("b", func(int, bool) (int, ComputeOp) { return 9, CancelOp })
	if v != 0 || ok || m.Has("b") {
		t.Fatalf("CancelOp on absent = %v, %v", v, ok)
	}
	v, ok = m.Compute("a", func(int, bool) (int, ComputeOp) { return 9, DeleteOp })
	if v != 0 || ok || m.Has("a") || m.Len() != 0 {
		t.Fatalf("DeleteOp = %v, %v", v, ok)
	}
	v, ok = m.Compute("a", func(int, bool) (int, ComputeOp) { return 9, DeleteOp })
	if v != 0 || ok || m.Len() != 0 {
		t.Fatalf("DeleteOp on absent = %v, %v", v, ok)
	}
	mustPanic(t, "unknown ComputeOp", func() {
		m.Compute("a", func(int, bool) (int, ComputeOp) { return 0, ComputeOp(7) })
	})
	m.Store("a", 1) // the lock was released
}

func TestUpdatePanicReleasesLock(t *testing.T) {
	m := New[int, int]()
	m.Store(1, 1)
	mustPanic(t, "boom", func() { m.Update(1, func(int) int { panic("boom") }) })
	if m.Get(1) != 1 {
		t.Fatal("value changed by a panicking Update")
	}
	m.Store(1, 2) // would deadlock if the lock were held
}

func mustPanic(t *testing.T, substr string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one containing %q", substr)
		}
		if s, _ := r.(string); !strings.Contains(s, substr) {
			t.Fatalf("panic %v; want one containing %q", r, substr)
		}
	}()
	f()
}

func TestNilMap(t *testing.T) {
	var m *Map[string, int]
	if v, ok := m.Load("a"); v != 0 || ok {
		t.Error("Load")
	}
	if m.Get("a") != 0 || m.Has("a") || m.Len() != 0 {
		t.Error("Get/Has/Len")
	}
	if v, ok := m.LoadAndDelete("a"); v != 0 || ok {
		t.Error("LoadAndDelete")
	}
	m.Delete("a")
	m.Clear()
	if c := m.Clone(); c != nil {
		t.Error("Clone not nil")
	}
	for range m.All() {
		t.Error("All yielded")
	}
	for range m.Keys() {
		t.Error("Keys yielded")
	}
	for range m.Values() {
		t.Error("Values yielded")
	}
	m.Range(func(string, int) bool { t.Error("Range yielded"); return true })
	if b, err := m.MarshalJSON(); string(b) != "null" || err != nil {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	for name, f := range map[string]func(){
		"Store":         func() { m.Store("a", 1) },
		"LoadOrStore":   func() { m.LoadOrStore("a", 1) },
		"Swap":          func() { m.Swap("a", 1) },
		"Update":        func() { m.Update("a", func(v int) int { return v }) },
		"Compute":       func() { m.Compute("a", func(v int, _ bool) (int, ComputeOp) { return v, CancelOp }) },
		"UnmarshalJSON": func() { _ = m.UnmarshalJSON([]byte(`{}`)) },
	} {
		mustPanic(t, "shardedmap: "+name+" on nil *Map (assignment to entry in nil map)", f)
	}
}

func TestNewWithCapacityNegative(t *testing.T) {
	mustPanic(t, "negative", func() { NewWithCapacity[int, int](-1) })
}

func TestOfCopies(t *testing.T) {
	src := map[int]string{1: "a", 2: "b"}
	m := Of(src)
	src[3] = "c"
	if m.Len() != 2 || !maps.Equal(m.Clone(), map[int]string{1: "a", 2: "b"}) {
		t.Fatalf("Of = %v", m.Clone())
	}
	big := map[int]int{}
	for i := range 10000 {
		big[i] = i * i
	}
	if got := Of(big).Clone(); !maps.Equal(got, big) {
		t.Fatal("Of(big) differs")
	}
}

func TestCloneIsFresh(t *testing.T) {
	m := Of(map[string]int{"a": 1})
	c := m.Clone()
	c["b"] = 2
	if m.Has("b") {
		t.Fatal("Clone shares storage")
	}
}

// TestGrow stores enough keys to grow the table and checks every key, the
// length and the shard count.
func TestGrow(t *testing.T) {
	m := New[int, int]()
	const n = 20000
	for i := range n {
		m.Store(i, i)
		if i == 0 && len(m.t.Load().shards) != min(firstShards, fullShards()) {
			t.Fatalf("first table has %d shards", len(m.t.Load().shards))
		}
	}
	if got := len(m.t.Load().shards); got != fullShards() {
		t.Fatalf("after %d keys: %d shards; want %d", n, got, fullShards())
	}
	if m.Len() != n {
		t.Fatalf("Len = %d", m.Len())
	}
	for i := range n {
		if v, ok := m.Load(i); !ok || v != i {
			t.Fatalf("Load(%d) = %d, %v", i, v, ok)
		}
	}
	// Shards are used evenly enough.
	tb := m.t.Load()
	for i := range tb.shards {
		if got, want := tb.shards[i].n.Load(), int64(n/len(tb.shards)); got < want/2 || got > want*2 {
			t.Errorf("shard %d holds %d entries; want about %d", i, got, want)
		}
	}
}

// TestGrowDuringIteration grows the table from inside a range loop that
// began on the small table: keys present for the whole loop are seen once.
func TestGrowDuringIteration(t *testing.T) {
	if fullShards() == firstShards {
		t.Skip("GOMAXPROCS too small for the table to grow")
	}
	m := New[string, int]()
	for i := range 100 {
		m.Store(strconv.Itoa(i), i)
	}
	seen := map[string]int{}
	grown := false
	for k, v := range m.All() {
		seen[k]++
		if seen[k] > 1 {
			t.Fatalf("key %s seen twice", k)
		}
		if v >= 0 && v < 100 && strconv.Itoa(v) != k {
			t.Fatalf("%s: %d", k, v)
		}
		if !grown {
			for i := range 2000 {
				m.Store("new"+strconv.Itoa(i), -1)
			}
			grown = true
			if len(m.t.Load().shards) != fullShards() {
				t.Fatal("did not grow")
			}
		}
	}
	for i := range 100 {
		if seen[strconv.Itoa(i)] != 1 {
			t.Fatalf("key %d seen %d times", i, seen[strconv.Itoa(i)])
		}
	}
}

func TestNaNKeys(t *testing.T) {
	m := New[float64, int]()
	plain := map[float64]int{}
	nan := math.NaN()
	for i := range 300 {
		m.Store(nan, i)
		plain[nan] = i
		m.Store(float64(i), i)
		plain[float64(i)] = i
	}
	if m.Len() != len(plain) {
		t.Fatalf("Len = %d; want %d", m.Len(), len(plain))
	}
	if m.Has(nan) {
		t.Fatal("NaN found")
	}
	m.Delete(nan)
	nans := 0
	for k := range m.Keys() {
		if k != k {
			nans++
		}
	}
	if nans != 300 {
		t.Fatalf("%d NaN keys; want 300", nans)
	}
	if len(m.Clone()) != len(plain) {
		t.Fatal("Clone lost NaN keys")
	}
	// +0 and -0 are the same key.
	m.Store(math.Copysign(0, -1), 7)
	if m.Get(0) != 7 {
		t.Fatal("-0 and +0 differ")
	}
	m.Clear()
	if m.Len() != 0 {
		t.Fatal("Clear left NaN keys")
	}
}

type point struct{ X, Y int }

type named int

func TestKeyKinds(t *testing.T) {
	testKeys(t, func(i int) int { return i })
	testKeys(t, func(i int) int8 { return int8(i) })
	testKeys(t, func(i int) uint16 { return uint16(i) })
	testKeys(t, func(i int) int32 { return int32(i) })
	testKeys(t, func(i int) uint64 { return uint64(i) << 40 })
	testKeys(t, func(i int) uintptr { return uintptr(i) })
	testKeys(t, func(i int) string { return strconv.Itoa(i) })
	testKeys(t, func(i int) named { return named(i) })
	testKeys(t, func(i int) point { return point{i, -i} })
	testKeys(t, func(i int) any { return i })
	testKeys(t, func(i int) [2]string { return [2]string{"k", strconv.Itoa(i)} })
	x := make([]int, 200)
	testKeys(t, func(i int) *int { return &x[i] })
}

func testKeys[K comparable](t *testing.T, key func(int) K) {
	t.Helper()
	m := New[K, int]()
	plain := map[K]int{}
	for i := range 200 {
		m.Store(key(i), i)
		plain[key(i)] = i
	}
	if !maps.Equal(m.Clone(), plain) || m.Len() != len(plain) {
		t.Fatalf("%T keys: contents differ", *new(K))
	}
	for i := range 200 {
		if m.Get(key(i)) != plain[key(i)] {
			t.Fatalf("%T keys: Get differs", *new(K))
		}
	}
	// Overwrite every key in place, by Store and by Update.
	for i := range 200 {
		m.Store(key(i), -i)
		m.Update(key(i), func(v int) int { return v - 1 })
		plain[key(i)] = -i - 1
	}
	if !maps.Equal(m.Clone(), plain) || m.Len() != len(plain) {
		t.Fatalf("%T keys: contents differ after overwrites", *new(K))
	}
}

// TestSmallKeyAndValue covers keys and values that share a word of a slot:
// a value written in place must leave the key beside it intact.
func TestSmallKeyAndValue(t *testing.T) {
	testPairs(t, func(i int) (int32, int32) { return int32(i), int32(i * 3) })
	testPairs(t, func(i int) (uint8, bool) { return uint8(i), i%3 == 0 })
	testPairs(t, func(i int) (int16, [3]byte) { return int16(i), [3]byte{byte(i), 1, 2} })
	testPairs(t, func(i int) (string, struct{}) { return strconv.Itoa(i), struct{}{} })
	testPairs(t, func(i int) (int, string) { return i, strconv.Itoa(i) })
	testPairs(t, func(i int) (int, [9]int) { return i, [9]int{i, 8: -i} })
}

func testPairs[K comparable, V comparable](t *testing.T, pair func(int) (K, V)) {
	t.Helper()
	m := New[K, V]()
	plain := map[K]V{}
	for round := range 3 {
		for i := range 200 {
			k, v := pair(i + round)
			if round == 1 {
				m.Update(k, func(V) V { return v })
			} else {
				m.Store(k, v)
			}
			plain[k] = v
		}
	}
	for k, want := range plain {
		if got, ok := m.Load(k); !ok || got != want {
			t.Fatalf("%T -> %T: Load(%v) = %v, %v; want %v", *new(K), *new(V), k, got, ok, want)
		}
	}
	if !maps.Equal(m.Clone(), plain) || m.Len() != len(plain) {
		t.Fatalf("%T -> %T: contents differ", *new(K), *new(V))
	}
}

func TestBreakStopsIteration(t *testing.T) {
	m := New[int, int]()
	for i := range 1000 {
		m.Store(i, i)
	}
	n := 0
	for range m.All() {
		n++
		if n == 10 {
			break
		}
	}
	for range m.Keys() {
		n++
		if n == 20 {
			break
		}
	}
	for range m.Values() {
		n++
		if n == 30 {
			break
		}
	}
	if n != 30 {
		t.Fatalf("n = %d", n)
	}
}

// TestAllocs checks that operations on existing keys do not allocate.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("race builds allocate in their checks")
	}
	ms := New[string, int]()
	mi := New[int, int]()
	mp := New[point, int]()
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "key" + strconv.Itoa(i)
		ms.Store(keys[i], i)
		mi.Store(i, i)
		mp.Store(point{i, i}, i)
	}
	inc := func(v int) int { return v + 1 }
	i := 0
	for name, f := range map[string]func(){
		"string Load":        func() { ms.Load(keys[i%1000]) },
		"string Store":       func() { ms.Store(keys[i%1000], i) },
		"string Update":      func() { ms.Update(keys[i%1000], inc) },
		"string LoadOrStore": func() { ms.LoadOrStore(keys[i%1000], i) },
		"string Delete":      func() { ms.Delete(keys[i%1000]); ms.Store(keys[i%1000], i) },
		"int Load":           func() { mi.Load(i % 1000) },
		"int Store":          func() { mi.Store(i%1000, i) },
		"int Update":         func() { mi.Update(i%1000, inc) },
		"int Swap":           func() { mi.Swap(i%1000, i) },
		"int Delete":         func() { mi.Delete(i % 1000); mi.Store(i%1000, i) },
		"int Len":            func() { mi.Len() },
		"struct Load":        func() { mp.Load(point{i % 1000, i % 1000}) },
		"struct Update":      func() { mp.Update(point{i % 1000, i % 1000}, inc) },
	} {
		if a := testing.AllocsPerRun(1000, func() { f(); i++ }); a != 0 {
			t.Errorf("%s: %v allocs per op; want 0", name, a)
		}
	}
}

// TestEmptyMapSize measures the heap bytes of an empty Map from New, and of
// a Map after its first Store.
func TestEmptyMapSize(t *testing.T) {
	const n = 100000
	measure := func(f func() *Map[string, int]) float64 {
		keep := make([]*Map[string, int], n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range keep {
			keep[i] = f()
		}
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(keep)
		return float64(after.TotalAlloc-before.TotalAlloc) / n
	}
	empty := measure(New[string, int])
	one := measure(func() *Map[string, int] { m := New[string, int](); m.Store("k", 1); return m })
	plain := func() float64 {
		keep := make([]map[string]int, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range keep {
			keep[i] = map[string]int{"k": 1}
		}
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(keep)
		return float64(after.TotalAlloc-before.TotalAlloc) / n
	}()
	t.Logf("empty Map: %.0f bytes; Map with one entry: %.0f bytes; plain map with one entry: %.0f bytes", empty, one, plain)
	if empty > 1024 {
		t.Errorf("empty Map takes %.0f bytes; want at most 1024", empty)
	}
}

// TestRangeChangedBeforeReached: when the body of the first iteration
// deletes every other key and updates the rest, the loop produces none of
// the deleted keys and the new values of the others, as over a plain map.
func TestRangeChangedBeforeReached(t *testing.T) {
	for _, name := range []string{"All", "Keys", "Range"} {
		m := New[int, int]()
		for i := range 1000 {
			m.Store(i, i)
		}
		first := -1
		got := map[int]int{}
		body := func(k, v int) bool {
			if first < 0 {
				first = k
				for i := range 1000 {
					switch {
					case i == k:
					case i%2 == 0:
						m.Delete(i)
					default:
						m.Store(i, -i)
					}
				}
			}
			if _, dup := got[k]; dup {
				t.Errorf("%s: key %d produced twice", name, k)
			}
			got[k] = v
			return true
		}
		switch name {
		case "All":
			for k, v := range m.All() {
				body(k, v)
			}
		case "Keys":
			for k := range m.Keys() {
				body(k, m.Get(k))
			}
		case "Range":
			m.Range(body)
		}
		for i := range 1000 {
			v, ok := got[i]
			switch {
			case i == first:
				if !ok || v != i {
					t.Errorf("%s: first key %d produced as %d, %v", name, i, v, ok)
				}
			case i%2 == 0:
				if ok {
					t.Errorf("%s: key %d deleted before it was reached was produced", name, i)
				}
			case !ok || v != -i:
				t.Errorf("%s: key %d updated to %d before it was reached was produced as %d, %v", name, i, -i, v, ok)
			}
		}
	}
}

// TestClearDuringIteration clears a grown Map from inside a range loop, so
// that the loop finishes on a table with fewer buckets than the one it
// began on, and adds keys afterwards: no deleted key is produced after the
// Clear, and no key twice.
func TestClearDuringIteration(t *testing.T) {
	m := New[int, int]()
	const n = 5000
	for i := range n {
		m.Store(i, i)
	}
	before := m.t.Load().nbuckets()
	seen := map[int]int{}
	cleared := false
	for k := range m.All() {
		seen[k]++
		if seen[k] > 1 {
			t.Fatalf("key %d produced twice", k)
		}
		if cleared && k < n {
			t.Fatalf("key %d produced after Clear", k)
		}
		if !cleared {
			m.Clear()
			if after := m.t.Load().nbuckets(); after >= before {
				t.Fatalf("Clear kept %d buckets of %d; the test needs fewer", after, before)
			}
			for i := range 100 {
				m.Store(n+i, i)
			}
			cleared = true
		}
	}
	if m.Len() != 100 {
		t.Fatalf("Len after Clear and 100 stores = %d", m.Len())
	}
}
