package shardedmap

import (
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

const (
	// cacheLine is the size shards are padded to: two 64-byte lines, since
	// some CPUs prefetch lines in adjacent pairs.
	cacheLine = 128
	// firstShards is the shard count of a table allocated by the first write.
	firstShards = 4
	// maxShards bounds the full shard count.
	maxShards = 1024
	// growLen is the number of entries in one shard of a small table that
	// makes the Map grow to its full shard count.
	growLen = 64
	// growContention is the number of contended locks of one shard of
	// a small table that makes the Map grow to its full shard count.
	growContention = 8
)

// shardState is the part of a shard that does not depend on K and V.
type shardState struct {
	mu        sync.Mutex    // held by writers; readers take no lock
	n         atomic.Int64  // entries: stored under mu, loaded by Len without it
	ver       atomic.Uint64 // writes so far: iteration rereads entries when it moved
	stale     bool          // entries moved to table.next; guarded by mu
	contended uint32        // contended locks; guarded by mu
}

// shardPad pads a shard to a multiple of cacheLine bytes.
const shardPad = (cacheLine - (unsafe.Sizeof(shardState{})+unsafe.Sizeof(uintptr(0)))%cacheLine) % cacheLine

// shard is one lock and the hash table it guards (see htab.go). The bucket
// array is allocated by the first write to the shard.
//
// The pointer to the bucket array lives in the table's arrs, not here:
// every writer locks and unlocks mu and moves n and ver, so a field next to
// them would be a cache line that readers load and writers keep taking
// away. arrs changes only when a shard resizes or is cleared.
type shard[K comparable, V any] struct {
	shardState
	arr *atomic.Pointer[buckets[K, V]] // &table.arrs[i]
	_   [shardPad]byte
}

// table is the array of shards of a Map. A Map replaces its table at most
// once, by a larger one (see grow); writers that find a stale shard follow
// next, readers may finish on the old one, which no longer changes.
type table[K comparable, V any] struct {
	// What Load reads comes first and fills one cache line (64 bytes on
	// 64-bit machines): arrs, shift, kind and the seeds of the fast paths.
	arrs    []atomic.Pointer[buckets[K, V]] // bucket array of shard i; read by readers
	shift   uint                            // 64 - log2(len(shards)): a key's shard is hash>>shift
	kind    hashKind
	iseed   uint64    // seed of the integer fast path
	sseed   [2]uint64 // seeds of the short string fast path
	seed    maphash.Seed
	lay     layout
	shards  []shard[K, V]
	growLen int // shard length that makes the table grow; MaxInt in a full table
	full    int // shard count of the grown table
	next    atomic.Pointer[table[K, V]]
	growing atomic.Bool
}

// fullShards returns the shard count of a grown table: the power of two at
// or above 4*GOMAXPROCS, within [firstShards, maxShards].
func fullShards() int {
	n := 4 * runtime.GOMAXPROCS(0)
	n = 1 << bits.Len(uint(n-1))
	return min(max(n, firstShards), maxShards)
}

// newTable returns a table of n shards (a power of two) with no entries.
// It takes the hash seeds of prev, or makes new ones when prev is nil.
func newTable[K comparable, V any](n, full int, prev *table[K, V]) *table[K, V] {
	t := &table[K, V]{
		shards: make([]shard[K, V], n),
		// At least a cache line of 128 bytes, so that no other object
		// shares the line that readers load.
		arrs:    make([]atomic.Pointer[buckets[K, V]], n, max(n, cacheLine/int(unsafe.Sizeof(uintptr(0))))),
		shift:   uint(64 - bits.TrailingZeros(uint(n))),
		full:    full,
		growLen: math.MaxInt,
	}
	if n < full {
		t.growLen = growLen
	}
	for i := range t.shards {
		t.shards[i].arr = &t.arrs[i]
	}
	if prev != nil {
		t.kind, t.seed, t.iseed, t.sseed, t.lay = prev.kind, prev.seed, prev.iseed, prev.sseed, prev.lay
	} else {
		t.kind = kindOf[K]()
		t.seed = maphash.MakeSeed()
		t.iseed = maphash.String(t.seed, "shardedmap")
		t.sseed = [2]uint64{maphash.String(t.seed, "shardedmap/a"), maphash.String(t.seed, "shardedmap/b")}
		t.lay = layoutOf[K, V]()
	}
	return t
}

// wrote records a write to s for iterations in progress and reports
// whether the shard is crowded enough to grow the table; s is locked.
func (s *shard[K, V]) wrote(t *table[K, V]) (grow bool) {
	s.ver.Store(s.ver.Load() + 1)
	return s.n.Load() > int64(t.growLen)
}

// loadTable returns the current table, allocating a small one if the Map
// has none yet.
func (m *Map[K, V]) loadTable() *table[K, V] {
	if t := m.t.Load(); t != nil {
		return t
	}
	return m.newFirstTable()
}

// newFirstTable is loadTable for a Map that has no table yet.
func (m *Map[K, V]) newFirstTable() *table[K, V] {
	full := fullShards()
	t := newTable[K, V](min(firstShards, full), full, nil)
	if m.t.CompareAndSwap(nil, t) {
		return t
	}
	return m.t.Load()
}

// lock locks the shard of the key whose hash is h in the newest table,
// starting from t, and returns that table and shard. Contended locks of a
// small table grow it.
func (m *Map[K, V]) lock(t *table[K, V], h uint64) (*table[K, V], *shard[K, V]) {
	// The common case first: the lock is free and the table current.
	if s := &t.shards[h>>(t.shift&63)]; s.mu.TryLock() {
		if !s.stale {
			return t, s
		}
		s.mu.Unlock()
	}
	return m.lockSlow(t, h)
}

// lockSlow is lock after a failed first try.
func (m *Map[K, V]) lockSlow(t *table[K, V], h uint64) (*table[K, V], *shard[K, V]) {
	for {
		s := &t.shards[h>>t.shift]
		if !s.mu.TryLock() {
			s.mu.Lock()
			if !s.stale && t.growLen != math.MaxInt {
				s.contended++
				if s.contended >= growContention {
					s.contended = 0
					s.mu.Unlock()
					m.grow(t)
					continue
				}
			}
		}
		if !s.stale {
			return t, s
		}
		s.mu.Unlock()
		t = t.next.Load()
	}
}

// grow replaces the small table t by one of t.full shards. It locks
// every shard of t (the caller holds no shard lock), moves the entries, marks
// the old shards stale and publishes the new table. Entries of old shard i
// go to the new shards i<<d ... (i+1)<<d - 1, so an iteration that began on
// t can finish on the new table and see each key once.
func (m *Map[K, V]) grow(t *table[K, V]) {
	if t.growLen == math.MaxInt || !t.growing.CompareAndSwap(false, true) {
		return
	}
	nt := newTable(t.full, t.full, t)
	d := nt.shift - t.shift
	low := uint64(1)<<d - 1
	for i := range t.shards {
		t.shards[i].mu.Lock()
	}
	for i := range t.shards {
		s := &t.shards[i]
		if a := s.arr.Load(); a != nil {
			a.each(func(e *slot[K, V]) {
				// The prefix i is forced so that keys whose hash is not
				// deterministic (NaN) still land under their old shard.
				h := nt.hash(e.k)
				ns := &nt.shards[uint64(i)<<d|h>>nt.shift&low]
				nt.insert(ns, h, e.k, e.v)
			})
		}
		s.stale = true
		s.ver.Store(s.ver.Load() + 1)
	}
	t.next.Store(nt)
	m.t.Store(nt)
	for i := range t.shards {
		t.shards[i].mu.Unlock()
	}
}

// walk visits every shard of the Map, in the newest table: locked runs with
// the shard locked, then unlocked runs with no lock held and returns false
// to stop. walk reports whether it visited every shard.
func (m *Map[K, V]) walk(locked func(*shard[K, V]), unlocked func() bool) bool {
	t := m.t.Load()
	if t == nil {
		return true
	}
	for i := range t.shards {
		if !walkShard(t, i, locked, unlocked) {
			return false
		}
	}
	return true
}

func walkShard[K comparable, V any](t *table[K, V], i int, locked func(*shard[K, V]), unlocked func() bool) bool {
	s := &t.shards[i]
	s.mu.Lock()
	stale := s.stale
	if !stale {
		locked(s)
	}
	s.mu.Unlock()
	if stale {
		nt := t.next.Load()
		c := len(nt.shards) / len(t.shards)
		for j := i * c; j < (i+1)*c; j++ {
			if !walkShard(nt, j, locked, unlocked) {
				return false
			}
		}
		return true
	}
	return unlocked == nil || unlocked()
}
