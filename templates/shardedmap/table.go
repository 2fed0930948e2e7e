package shardedmap

import (
	"hash/maphash"
	"math/bits"
	"runtime"
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
	n         atomic.Int64  // entries: added to by writers under their bucket's lock
	contended atomic.Uint32 // contended bucket locks while the table is small
}

// shard counts the entries of a run of neighbouring buckets of a table:
// those whose hash has the shard's index in its top bits. Len adds the
// shards' counts, and a shard whose count passes the table's growLen grows
// the table. Writers lock buckets, not shards: a write to an existing key
// touches only its bucket, and an insert or delete adds to its shard's
// count too. Shards are padded to cacheLine so that counts of different
// runs, moved by different cores, never share a line.
type shard[K comparable, V any] struct {
	shardState
	_ [(cacheLine - unsafe.Sizeof(shardState{})%cacheLine) % cacheLine]byte
}

// table is the bucket array and the shards of a Map. Neither changes size:
// a Map replaces its table by a larger one when a shard's buckets get
// crowded, by one with more shards when a small table's shards get crowded
// or contended (see grow), and by an empty one on Clear. Writers that find
// a stale shard follow next; readers may finish on the old table, which no
// longer changes.
type table[K comparable, V any] struct {
	// What Load reads comes first, in 49 bytes (within one cache line of
	// 64 bytes, if the allocator aligned it so), which nothing writes after
	// the table is made: the bucket array and its stride, its shift, the
	// seeds of the fast paths and kind.
	buckets unsafe.Pointer // the first of nbuckets() buckets, stride bytes apart (see makeBuckets)
	stride  uintptr
	bshift  uint      // 64 - log2(nbuckets()): a key's bucket is hash>>bshift
	iseed   uint64    // seed of the integer fast path
	sseed   [2]uint64 // seeds of the short string fast path
	kind    hashKind
	shift   uint // 64 - log2(len(shards)): a key's shard is hash>>shift
	seed    maphash.Seed
	lay     layout
	shards  []shard[K, V]
	growLen int64 // shard length that makes the table grow
	full    int   // shard count of a grown table
	next    atomic.Pointer[table[K, V]]
	growing atomic.Bool // set by the one goroutine that replaces the table
}

// nbuckets returns the table's bucket count, a power of two, at least
// len(t.shards).
func (t *table[K, V]) nbuckets() int { return 1 << (64 - t.bshift) }

// fullShards returns the shard count of a grown table: the power of two at
// or above 4*GOMAXPROCS, within [firstShards, maxShards].
func fullShards() int {
	n := 4 * runtime.GOMAXPROCS(0)
	n = 1 << bits.Len(uint(n-1))
	return min(max(n, firstShards), maxShards)
}

// bucketsFor returns the bucket count of a table of shards shards that
// holds n entries: the power of two that keeps the average bucket at most
// three quarters full (with an eighth more for shards fuller than the
// average), and at least one bucket per shard.
func bucketsFor(shards int, n int64) int {
	size := shards
	for int64(size)*maxLoad < n*4/3+n/6 {
		size <<= 1
	}
	return size
}

// newTable returns a table of n shards (a power of two) and nb buckets (a
// power of two, at least n) with no entries. It takes the hash seeds of
// prev, or makes new ones when prev is nil.
func newTable[K comparable, V any](n, nb, full int, prev *table[K, V]) *table[K, V] {
	nb = max(nb, n)
	t := &table[K, V]{
		bshift:  uint(64 - bits.TrailingZeros(uint(nb))),
		shards:  make([]shard[K, V], n),
		shift:   uint(64 - bits.TrailingZeros(uint(n))),
		full:    full,
		growLen: int64(nb / n * maxLoad),
	}
	t.buckets, t.stride = makeBuckets[K, V](nb)
	if n < full {
		t.growLen = min(t.growLen, growLen)
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
	n := min(firstShards, full)
	t := newTable[K, V](n, n, full, nil)
	if m.t.CompareAndSwap(nil, t) {
		return t
	}
	return m.t.Load()
}

// lock locks the bucket chain of the key whose hash is h in the newest
// table, starting from t, and returns that table and the chain's first
// bucket. Contended locks of a small table grow it.
func (m *Map[K, V]) lock(t *table[K, V], h uint64) (*table[K, V], *bucket[K, V]) {
	// The common case first: a table that no longer grows for contention
	// (Lock's fast path is one compare-and-swap, TryLock's a load more),
	// and the table current.
	if len(t.shards) == t.full {
		b := t.bucketOf(h)
		b.mu.Lock()
		if b.seq.Load()&staleBit == 0 {
			return t, b
		}
		b.mu.Unlock()
	}
	return m.lockSlow(t, h)
}

// lockSlow is lock after a failed first try.
func (m *Map[K, V]) lockSlow(t *table[K, V], h uint64) (*table[K, V], *bucket[K, V]) {
	for {
		b := t.bucketOf(h)
		if !b.mu.TryLock() {
			if len(t.shards) < t.full {
				s := &t.shards[h>>t.shift]
				if s.contended.Add(1) >= growContention {
					s.contended.Store(0)
					m.replace(t, growFull)
					t = m.t.Load()
					continue
				}
			}
			b.mu.Lock()
		}
		if b.seq.Load()&staleBit == 0 {
			return t, b
		}
		b.mu.Unlock()
		t = t.next.Load()
	}
}

// added records in the count of h's shard that an entry was added, and
// reports whether the shard is crowded enough to grow the table; h's
// bucket is locked.
func (t *table[K, V]) added(h uint64) (grow bool) {
	return t.shards[h>>(t.shift&63)].n.Add(1) > t.growLen
}

// How replace sizes the new table.
const (
	growCrowded = iota // a shard is over t.growLen: more buckets, and full shards past growLen
	growFull           // a small table's lock is contended: full shards
	growEmpty          // Clear: an empty table with t's shard count
)

// grow replaces t, in which a shard got crowded, by a larger table.
func (m *Map[K, V]) grow(t *table[K, V]) {
	m.replace(t, growCrowded)
}

// replace replaces the table t as why says. It locks every bucket chain of
// t (the caller holds no lock), moves the entries to the new table, marks
// the old buckets stale and publishes the new table. Entries of old bucket
// i go to the new buckets i<<d ... (i+1)<<d - 1, so an iteration that began
// on t can finish on the new table and see each key once. It does nothing
// if another goroutine is replacing t, or (but for growEmpty, which waits
// for it) has replaced it.
func (m *Map[K, V]) replace(t *table[K, V], why int) {
	for !t.growing.CompareAndSwap(false, true) {
		if why != growEmpty {
			return
		}
		// Wait for the other replacement (which holds every lock of t
		// until it has published), then clear the newest table.
		t.bucket(0).mu.Lock()
		nt := m.t.Load()
		t.bucket(0).mu.Unlock()
		t = nt
	}
	for i := 0; i < t.nbuckets(); i++ {
		t.bucket(i).mu.Lock()
	}
	var most, total int64
	for i := range t.shards {
		n := t.shards[i].n.Load()
		most, total = max(most, n), total+n
	}
	n, nb := len(t.shards), t.nbuckets()
	switch why {
	case growCrowded:
		if most <= t.growLen {
			break // a stale call: another replacement came first
		}
		if n < t.full && most > growLen {
			n = t.full
		}
		if most > int64(nb/len(t.shards)*maxLoad) {
			nb = max(nb*2, bucketsFor(n, total))
		}
	case growFull:
		n = t.full
	case growEmpty:
		nb = n
	}
	if n == len(t.shards) && nb == t.nbuckets() && why != growEmpty {
		for i := 0; i < t.nbuckets(); i++ {
			t.bucket(i).mu.Unlock()
		}
		t.growing.Store(false)
		return
	}
	nt := newTable(n, nb, t.full, t)
	if why != growEmpty {
		low := uint64(1)<<t.bshift - 1
		for i := 0; i < t.nbuckets(); i++ {
			prefix := uint64(i) << t.bshift
			eachIn(t.bucket(i), func(e *slot[K, V]) {
				// The prefix i is forced so that keys whose hash is not
				// deterministic (NaN) still land under their old bucket.
				h := nt.hash(e.k)&low | prefix
				nt.put(h, e.k, e.v)
				s := &nt.shards[h>>nt.shift]
				s.n.Store(s.n.Load() + 1)
			})
		}
	}
	// Every bucket of every chain moves its sequence number, so that an
	// iteration holding a copy of its entries looks them up again, now in
	// the new table.
	for i := 0; i < t.nbuckets(); i++ {
		for b := t.bucket(i); b != nil; b = b.next.Load() {
			b.seq.Store((b.seq.Load() + 2) | staleBit)
		}
	}
	t.next.Store(nt)
	m.t.Store(nt)
	for i := 0; i < t.nbuckets(); i++ {
		t.bucket(i).mu.Unlock()
	}
}

// walk visits every bucket chain of the Map, in the newest table: locked
// runs with the chain whose first bucket is b, of table t, locked; then
// unlocked runs with no lock held and returns false to stop. walk reports
// whether it visited every chain.
func (m *Map[K, V]) walk(locked func(t *table[K, V], b *bucket[K, V]), unlocked func() bool) bool {
	t := m.t.Load()
	if t == nil {
		return true
	}
	for i := 0; i < t.nbuckets(); i++ {
		if !walkBucket(t, i, locked, unlocked) {
			return false
		}
	}
	return true
}

func walkBucket[K comparable, V any](t *table[K, V], i int, locked func(*table[K, V], *bucket[K, V]), unlocked func() bool) bool {
	b := t.bucket(i)
	b.mu.Lock()
	stale := b.seq.Load()&staleBit != 0
	if !stale {
		locked(t, b)
	}
	b.mu.Unlock()
	if !stale {
		return unlocked == nil || unlocked()
	}
	nt := t.next.Load()
	if nt.nbuckets() >= t.nbuckets() {
		// A larger table: bucket i's keys are in buckets i*c ... (i+1)*c-1.
		c := nt.nbuckets() / t.nbuckets()
		for j := i * c; j < (i+1)*c; j++ {
			if !walkBucket(nt, j, locked, unlocked) {
				return false
			}
		}
		return true
	}
	// A smaller table, made by Clear: old buckets i ... i+c-1 share new
	// bucket i/c, which is visited once, from the first of them.
	c := t.nbuckets() / nt.nbuckets()
	if i%c != 0 {
		return true
	}
	return walkBucket(nt, i/c, locked, unlocked)
}
