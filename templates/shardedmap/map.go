package shardedmap

import (
	"hash/maphash"
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// Map is a concurrent map from K to V, safe for use by many goroutines. It
// replaces a plain map[K]V shared between goroutines; each method names the
// plain-map operation it replaces.
//
// The zero Map is an empty map ready to use. A nil *Map behaves like a nil
// map: it reads as empty, Delete, LoadAndDelete and Clear do nothing, and
// the other writes panic. A Map must not be copied after first use.
type Map[K comparable, V any] struct {
	dbg debugState // race builds only; zero size otherwise
	t   atomic.Pointer[table[K, V]]
}

// New returns an empty Map. It replaces make(map[K]V) and map[K]V{}.
func New[K comparable, V any]() *Map[K, V] {
	return new(Map[K, V])
}

// NewWithCapacity returns an empty Map with room for about n entries. It
// replaces make(map[K]V, n) and, like it, panics if n is negative.
func NewWithCapacity[K comparable, V any](n int) *Map[K, V] {
	if n < 0 {
		panic("shardedmap: NewWithCapacity: negative capacity (makemap: size out of range)")
	}
	m := new(Map[K, V])
	full := fullShards()
	if n <= growLen*min(firstShards, full) {
		return m // the first write allocates a small table
	}
	m.t.Store(newTable[K, V](full, bucketsFor(full, int64(n)), full, nil))
	return m
}

// Of returns a Map holding a copy of the entries of src. It replaces a map
// literal map[K]V{k: v, ...}, written Of(map[K]V{k: v, ...}). Of(nil)
// returns an empty Map, not nil.
func Of[K comparable, V any](src map[K]V) *Map[K, V] {
	m := NewWithCapacity[K, V](len(src))
	for k, v := range src {
		m.Store(k, v)
	}
	return m
}

// Load returns the value stored for k and whether it was present. It
// replaces v, ok := m[k]. It takes no lock and writes no memory shared with
// other goroutines.
//
// It reads the table's bucket array and copies a candidate slot word by
// word, keeping the copy only if the bucket's sequence number did not move
// (see htab.go); after a few tries (a writer stalled in the middle of a
// slot) it waits for the writer by taking the bucket's lock. Everything but
// the string hash (too large to inline) is in this one function: a Load is
// a few dozen instructions, and each call that the compiler does not inline
// adds a tenth.
func (m *Map[K, V]) Load(k K) (v V, ok bool) {
	if m == nil {
		return v, false
	}
	if raceEnabled {
		m.dbg.check()
	}
	t := m.t.Load()
	if t == nil {
		return v, false
	}
	// t.hash, by hand, and strHash's short case too (strWords is too
	// large for the compiler to inline): the call and the spills around
	// it cost a string Load a tenth of its time. The size tests are
	// constants in each key type's code, so a string-keyed Map tests for
	// strings only.
	var h uint64
	if unsafe.Sizeof(k) == unsafe.Sizeof("") && t.kind == hashString {
		s := *(*string)(unsafe.Pointer(&k))
		if n := uint64(len(s)); n <= shortString {
			p := unsafe.Pointer(unsafe.StringData(s))
			var a, b uint64
			if n >= 8 {
				a, b = read64(p), read64(unsafe.Add(p, n-8))
			} else if n >= 4 {
				a, b = uint64(read32(p)), uint64(read32(unsafe.Add(p, n-4)))
			} else if n > 0 {
				a = uint64(*(*byte)(p))<<16 | uint64(*(*byte)(unsafe.Add(p, n>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, n-1)))
			}
			h = strMix(a, b, n, &t.sseed)
		} else {
			h = maphash.String(t.seed, s)
		}
	} else if unsafe.Sizeof(k) == 8 && t.kind == hash64 {
		h = mix64(*(*uint64)(unsafe.Pointer(&k)), t.iseed)
	} else {
		h = t.hashSlow(k)
	}
	head := t.bucketOf(h)
	b := head
	tag := tagOf(h)
	var e slot[K, V]
	// The size of a slot is a constant in the compiled code of each key
	// and value type, so the tests on n below are resolved at compile time
	// and a slot of up to four words is copied without a loop.
	const maxUnrolled = 4
	n := unsafe.Sizeof(e) / wordSize
	dst := unsafe.Pointer(&e)
	try := 0
	// b is never nil on the first pass (it is an element of the array),
	// so the loop tests for the end of the chain only where it follows it.
	for {
		// Writers only move seq forward, so an odd s1 (a write in
		// progress) never equals the even s1&^1 read again below: one test
		// covers both.
		s1 := b.seq.Load() &^ 1
		for m := matchTag(b.tags.Load(), tag); m != 0; m &= m - 1 {
			src := unsafe.Pointer(&b.slots[bits.TrailingZeros64(m)/8])
			if n > maxUnrolled {
				loadWords(dst, src, &t.lay)
			} else {
				if n > 0 {
					loadWord(dst, src, 0)
				}
				if n > 1 {
					loadWord(dst, src, 1)
				}
				if n > 2 {
					loadWord(dst, src, 2)
				}
				if n > 3 {
					loadWord(dst, src, 3)
				}
			}
			if b.seq.Load() != s1 {
				goto retry
			}
			if e.k == k {
				return e.v, true
			}
		}
		if b = b.next.Load(); b == nil {
			return v, false
		}
		continue
	retry:
		if try++; try == 4 {
			return lockedLoad(head, b, tag, k)
		}
	}
}

// Get returns the value stored for k, or the zero V if k is absent. It
// replaces the expression m[k].
func (m *Map[K, V]) Get(k K) V {
	v, _ := m.Load(k)
	return v
}

// Has reports whether k is present. It replaces _, ok := m[k].
func (m *Map[K, V]) Has(k K) bool {
	_, ok := m.Load(k)
	return ok
}

// Store sets the value for k. It replaces m[k] = v, and like it panics on a
// nil *Map.
func (m *Map[K, V]) Store(k K, v V) {
	if m == nil {
		panicNil("Store")
	}
	m.Swap(k, v)
}

// LoadOrStore returns the value stored for k and true if k is present;
// otherwise it stores v and returns v and false, atomically. It replaces
// if _, ok := m[k]; !ok { m[k] = v }. It panics on a nil *Map.
func (m *Map[K, V]) LoadOrStore(k K, v V) (actual V, loaded bool) {
	if m == nil {
		panicNil("LoadOrStore")
	}
	if raceEnabled {
		m.dbg.check()
	}
	// Most calls on a warm map find the key: look without the lock first.
	if actual, loaded = m.Load(k); loaded {
		return actual, true
	}
	t := m.loadTable()
	h := t.hash(k)
	t, head := m.lock(t, h)
	if b, i := find(head, h, k); b != nil {
		actual = b.slots[i].v
		head.mu.Unlock()
		return actual, true
	}
	grow := t.insert(h, k, v)
	head.mu.Unlock()
	if grow {
		m.grow(t)
	}
	return v, false
}

// LoadAndDelete deletes k and returns the value it had and whether it was
// present. It replaces v, ok := m[k]; delete(m, k). On a nil *Map it does
// nothing, as delete does on a nil map.
func (m *Map[K, V]) LoadAndDelete(k K) (v V, loaded bool) {
	if m == nil {
		return v, false
	}
	if raceEnabled {
		m.dbg.check()
	}
	t := m.t.Load()
	if t == nil {
		return v, false
	}
	h := t.hash(k)
	t, head := m.lock(t, h)
	if b, i := find(head, h, k); b != nil {
		v, loaded = b.slots[i].v, true
		t.remove(h, b, i)
	}
	head.mu.Unlock()
	return v, loaded
}

// Delete deletes k. It replaces delete(m, k), and like it does nothing on a
// nil *Map or an absent key.
func (m *Map[K, V]) Delete(k K) {
	m.LoadAndDelete(k)
}

// Swap stores v for k and returns the previous value and whether k was
// present, atomically. It replaces old, ok := m[k]; m[k] = v. It panics on
// a nil *Map.
func (m *Map[K, V]) Swap(k K, v V) (previous V, loaded bool) {
	if m == nil {
		panicNil("Swap")
	}
	if raceEnabled {
		m.dbg.check()
	}
	// loadTable, hash, lock and find by hand, as in Update.
	t := m.t.Load()
	if t == nil {
		t = m.newFirstTable()
	}
	var h uint64
	if unsafe.Sizeof(k) == 8 && t.kind == hash64 {
		h = mix64(*(*uint64)(unsafe.Pointer(&k)), t.iseed)
	} else if unsafe.Sizeof(k) == unsafe.Sizeof("") && t.kind == hashString {
		h = strHash(*(*string)(unsafe.Pointer(&k)), &t.sseed, t.seed)
	} else {
		h = t.hashSlow(k)
	}
	head := t.bucketOf(h)
	if len(t.shards) == t.full {
		head.mu.Lock()
		if head.seq.Load()&staleBit != 0 {
			head.mu.Unlock()
			t, head = m.lockSlow(t, h)
		}
	} else {
		t, head = m.lockSlow(t, h)
	}
	tag := tagOf(h)
	for b := head; b != nil; b = b.next.Load() {
		for mt := matchTag(b.tags.Load(), tag); mt != 0; mt &= mt - 1 {
			i := bits.TrailingZeros64(mt) / 8 & (bucketSlots - 1)
			if b.slots[i].k == k {
				previous, loaded = b.slots[i].v, true
				t.setValue(b, i, v)
				head.mu.Unlock()
				return previous, loaded
			}
		}
	}
	grow := t.insert(h, k, v)
	head.mu.Unlock()
	if grow {
		m.grow(t)
	}
	return previous, loaded
}

// Len returns the number of entries. It replaces len(m). It reads one
// counter per shard (a run of buckets) without locking, so it takes
// constant time; while other goroutines write, the result is the length at
// some moment during the call for each shard, as with any concurrent map.
func (m *Map[K, V]) Len() int {
	if m == nil {
		return 0
	}
	t := m.t.Load()
	if t == nil {
		return 0
	}
	n := int64(0)
	for i := range t.shards {
		n += t.shards[i].n.Load()
	}
	return int(n)
}

// Clear deletes every entry. It replaces clear(m), and like it does nothing
// on a nil *Map. It replaces the table by an empty one with the same shards
// while it holds every bucket's lock, so it is atomic with respect to other
// writes; readers still on the old table see it unchanged.
func (m *Map[K, V]) Clear() {
	if m == nil {
		return
	}
	if raceEnabled {
		m.dbg.check()
	}
	if t := m.t.Load(); t != nil {
		m.replace(t, growEmpty)
	}
}

// Clone returns a new plain map holding the entries of m. It replaces
// maps.Clone(m) and is the way to get a snapshot. A nil *Map clones to a nil
// map. Bucket chains are copied one at a time under their locks.
func (m *Map[K, V]) Clone() map[K]V {
	if m == nil {
		return nil
	}
	if raceEnabled {
		m.dbg.check()
	}
	out := make(map[K]V, m.Len())
	m.walk(func(_ *table[K, V], b *bucket[K, V]) {
		eachIn(b, func(e *slot[K, V]) { out[e.k] = e.v })
	}, nil)
	return out
}

// panicNil panics for a write to a nil *Map, as a plain map does.
func panicNil(method string) {
	panic("shardedmap: " + method + " on nil *Map (assignment to entry in nil map)")
}
