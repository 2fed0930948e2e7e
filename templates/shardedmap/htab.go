package shardedmap

import (
	"math/bits"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A table keeps its entries in one hash table of its own rather than in Go
// maps, so that Load can read it without taking a lock and without writing
// to memory that other goroutines share.
//
// The table is an array of buckets of eight slots, chained to overflow
// buckets when full. The top bits of a key's hash pick its bucket. The
// first bucket of a chain holds the writers' lock of the whole chain, in
// the same cache line as its tags, so a write to an existing key touches
// that line and its slot's and nothing else (the count of a run of
// buckets, in its shard, moves only when an entry is added or deleted; a
// small table pads its buckets to whole lines, so that the line is not
// also its neighbour's, see makeBuckets). A
// bucket has a word of tags (one byte per slot: zero when the slot is
// empty, else the low seven bits of the key's hash with the top bit set)
// and a sequence number that writers move by two on every change to a
// slot and that is odd while a writer rewrites a slot in place; its top
// bit marks the chain of a replaced table. Readers copy a candidate slot
// word by word with atomic loads and keep the copy only if the sequence
// number did not move, so they never act on a half-written key or value;
// the race detector sees only atomic accesses on both sides. A Load reads
// the table pointer, the bucket array's address and shift (in the same
// cache line, which nothing writes), then the bucket. When a shard's
// buckets get crowded, the Map builds a larger table under all the
// buckets' locks and publishes it with one atomic store; the old table is never
// written again, so readers still on it see a consistent, slightly older
// state.

const (
	bucketSlots = 8
	// maxLoad is the average number of entries per bucket of a shard above
	// which the table grows (75% of the slots).
	maxLoad  = 6
	wordSize = unsafe.Sizeof(uintptr(0))
	lsbs     = 0x0101010101010101
	msbs     = 0x8080808080808080
	// staleBit, set in the sequence number of every bucket of a replaced
	// table, tells a writer that locked a chain to go to the next table.
	staleBit = 1 << 63
)

// slot is one entry. The leading zero-length array makes the slot
// word-aligned and a whole number of words long, so it can be copied word by
// word.
type slot[K comparable, V any] struct {
	_ [0]uintptr
	k K
	v V
}

// bucket holds up to bucketSlots entries whose hashes share the bucket's
// index bits.
type bucket[K comparable, V any] struct {
	mu    sync.Mutex    // writers' lock of the chain; only a chain's first bucket's is used
	seq   atomic.Uint64 // +2 per change to a slot, odd during one; staleBit when replaced
	tags  atomic.Uint64 // byte i: 0 if slot i is empty, else tagOf(hash)
	next  atomic.Pointer[bucket[K, V]]
	slots [bucketSlots]slot[K, V]
}

// layout says how to copy a slot[K, V] word by word into the shared slot: a
// word that holds a pointer must be stored with atomic.StorePointer, so that
// the garbage collector's write barrier sees it; the others go through
// atomic.StoreUintptr. (Readers copy out of a slot into their stack, which
// needs no barrier: see loadWord.)
type layout struct {
	ptrs   uint64  // bit i: word i is a pointer (slots of at most 64 words)
	words  uintptr // words in a slot
	vfirst uintptr // first word that holds bytes of the value
	ptr    []bool  // ptr[i]: word i is a pointer; only for longer slots
}

// layoutOf computes the layout of slot[K, V].
func layoutOf[K comparable, V any]() layout {
	t := reflect.TypeFor[slot[K, V]]()
	l := layout{
		words:  t.Size() / wordSize,
		vfirst: t.Field(2).Offset / wordSize,
	}
	ptr := make([]bool, l.words)
	pointerWords(t, 0, ptr)
	if l.words > 64 {
		l.ptr = ptr
		return l
	}
	for i, p := range ptr {
		if p {
			l.ptrs |= 1 << i
		}
	}
	return l
}

// pointerWords marks in ptr the words of a value of type t at byte offset
// off that the garbage collector reads as pointers, and reports whether
// there was any.
func pointerWords(t reflect.Type, off uintptr, ptr []bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer,
		reflect.String, reflect.Slice:
		ptr[off/wordSize] = true
		return true
	case reflect.Interface:
		// The first word (type or itab) never points into the heap; the
		// compiler marks only the data word.
		ptr[off/wordSize+1] = true
		return true
	case reflect.Array:
		any := false
		if e := t.Elem(); e.Size() > 0 {
			for i := 0; i < t.Len(); i++ {
				if !pointerWords(e, off+uintptr(i)*e.Size(), ptr) {
					break // no pointer in the element type
				}
				any = true
			}
		}
		return any
	case reflect.Struct:
		any := false
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if pointerWords(f.Type, off+f.Offset, ptr) {
				any = true
			}
		}
		return any
	}
	return false
}

// isPtr reports whether word i of a slot holds a pointer.
func (l *layout) isPtr(i uintptr) bool {
	if l.ptr != nil {
		return l.ptr[i]
	}
	return l.ptrs>>i&1 != 0
}

// loadWords copies words [0, l.words) from the shared slot src to the
// private copy dst with atomic loads.
func loadWords(dst, src unsafe.Pointer, l *layout) {
	for i := uintptr(0); i < l.words; i++ {
		loadWord(dst, src, i)
	}
}

// storeWord copies word i of the private copy src to the shared slot dst
// with an atomic store.
func storeWord(dst, src unsafe.Pointer, i uintptr, ptr bool) {
	d, s := unsafe.Add(dst, i*wordSize), unsafe.Add(src, i*wordSize)
	if ptr {
		storePointer(d, s)
	} else {
		atomic.StoreUintptr((*uintptr)(d), *(*uintptr)(s))
	}
}

// storePointer is the pointer case of storeWord, out of line so that
// storeWord stays small enough to be inlined.
//
//go:noinline
func storePointer(d, s unsafe.Pointer) {
	atomic.StorePointer((*unsafe.Pointer)(d), *(*unsafe.Pointer)(s))
}

// storeWords copies words [from, to) from the private copy src to the shared
// slot dst with atomic stores.
func storeWords(dst, src unsafe.Pointer, from, to uintptr, l *layout) {
	for i := from; i < to; i++ {
		storeWord(dst, src, i, l.isPtr(i))
	}
}

// tagOf returns the tag byte of a hash: its low seven bits, which the
// bucket (top bits) is not picked from, and the top bit set so that an
// occupied slot never reads as empty.
func tagOf(h uint64) uint64 {
	return h&0x7f | 0x80
}

// matchTag returns a word with the top bit set in every byte of tags equal
// to tag (and possibly in a few more, which the key comparison rejects).
func matchTag(tags, tag uint64) uint64 {
	x := tags ^ tag*lsbs
	return (x - lsbs) &^ x & msbs
}

// emptySlots returns a word with the top bit set in every empty byte.
func emptySlots(tags uint64) uint64 {
	return ^tags & msbs
}

// loadWord copies word i of the shared slot src to the private copy dst,
// which is on the reader's stack, with an atomic load.
//
// Unlike a store into a slot, the load need not tell pointer words from
// the others: every word goes through a uintptr, since it lands on the
// stack, which the garbage collector scans without write barriers. A word
// that the slot's type makes a pointer holds a pointer (or nil) at every
// moment, as writers store each word whole, so the copy's pointer words
// are pointers to objects that were live when they were read, which the
// copy then keeps live. Treating every word alike spares Load a test and a
// branch per word.
func loadWord(dst, src unsafe.Pointer, i uintptr) {
	d, s := unsafe.Add(dst, i*wordSize), unsafe.Add(src, i*wordSize)
	*(*uintptr)(d) = atomic.LoadUintptr((*uintptr)(s))
}

// lockedLoad finishes a lookup under the lock of the chain whose first
// bucket is head, from its bucket b on.
func lockedLoad[K comparable, V any](head, b *bucket[K, V], tag uint64, k K) (v V, ok bool) {
	head.mu.Lock()
	defer head.mu.Unlock()
	for ; b != nil; b = b.next.Load() {
		for m := matchTag(b.tags.Load(), tag); m != 0; m &= m - 1 {
			i := bits.TrailingZeros64(m) / 8
			if b.slots[i].k == k {
				return b.slots[i].v, true
			}
		}
	}
	return v, false
}

// bucketOf returns the first bucket of the chain of the hash h.
func (t *table[K, V]) bucketOf(h uint64) *bucket[K, V] {
	// h>>t.bshift < t.nbuckets() by construction. A table has at least
	// firstShards buckets, so t.bshift < 64 and the &63 changes nothing:
	// it spares the check for shifts of 64 bits.
	return t.bucket(int(h >> (t.bshift & 63)))
}

// bucket returns bucket i of the table, i < t.nbuckets().
func (t *table[K, V]) bucket(i int) *bucket[K, V] {
	return (*bucket[K, V])(unsafe.Add(t.buckets, uintptr(i)*t.stride))
}

// paddedBucket is a bucket followed by the 32 bytes that make it a whole
// number of cache lines, where a bucket is half a line over (a header of
// 32 bytes and eight slots of a multiple of 8 bytes, on 64-bit machines).
type paddedBucket[K comparable, V any] struct {
	b bucket[K, V]
	_ [32]byte
}

const (
	// maxPadded is the largest bucket count whose buckets are padded: the
	// padding costs a table at most 32 KiB.
	maxPadded = 1024
	// bucketLine is the line buckets are padded to: one 64-byte line, not
	// the prefetcher's pair of lines shards are padded to (cacheLine),
	// which would cost a bucket up to 96 bytes more.
	bucketLine = 64
)

// makeBuckets allocates nb empty buckets and returns the first and the
// distance between two. A small table's buckets are padded to whole
// cache lines when that takes 32 bytes: with 160-byte buckets, every
// other bucket shares its header's line (the lock and the sequence
// number, which a write moves) with its neighbour's last slots, so a
// write costs the readers of two buckets a miss. A large table is not
// padded: its size is what counts, and its writes rarely hit a line
// another core is reading. The array is typed, so the collector sees its
// pointers; the table keeps it alive through the first bucket's address.
func makeBuckets[K comparable, V any](nb int) (unsafe.Pointer, uintptr) {
	size := unsafe.Sizeof(bucket[K, V]{})
	if nb <= maxPadded && size%bucketLine == bucketLine-32 {
		p := make([]paddedBucket[K, V], nb)
		return unsafe.Pointer(unsafe.SliceData(p)), unsafe.Sizeof(p[0])
	}
	b := make([]bucket[K, V], nb)
	return unsafe.Pointer(unsafe.SliceData(b)), size
}

// find returns the bucket and slot of k, or a nil bucket, in the chain
// whose first bucket is head, which is locked.
func find[K comparable, V any](head *bucket[K, V], h uint64, k K) (*bucket[K, V], int) {
	tag := tagOf(h)
	for b := head; b != nil; b = b.next.Load() {
		for m := matchTag(b.tags.Load(), tag); m != 0; m &= m - 1 {
			i := bits.TrailingZeros64(m) / 8
			if b.slots[i&(bucketSlots-1)].k == k {
				return b, i
			}
		}
	}
	return nil, 0
}

// setValue replaces the value in slot i of b; its chain is locked. A value
// that fits in one word is replaced with one atomic store, which readers see
// whole; a larger one is rewritten inside an odd sequence number. Either
// way the sequence number moves by two, for iterations holding a copy.
func (t *table[K, V]) setValue(b *bucket[K, V], i int, v V) {
	// The key is copied too: a small key and value can share a word.
	e := slot[K, V]{k: b.slots[i].k, v: v}
	dst := unsafe.Pointer(&b.slots[i])
	seq := b.seq.Load()
	// Constants in the compiled code of each key and value type.
	words, vfirst := unsafe.Sizeof(e)/wordSize, unsafe.Offsetof(e.v)/wordSize
	if words-vfirst == 1 && t.lay.ptr == nil {
		d, s := unsafe.Add(dst, vfirst*wordSize), unsafe.Add(unsafe.Pointer(&e), vfirst*wordSize)
		if t.lay.ptrs>>vfirst&1 != 0 {
			storePointer(d, s)
		} else {
			atomic.StoreUintptr((*uintptr)(d), *(*uintptr)(s))
		}
		b.seq.Store(seq + 2)
		return
	}
	l := &t.lay
	b.seq.Store(seq + 1)
	storeWords(dst, unsafe.Pointer(&e), l.vfirst, l.words, l)
	b.seq.Store(seq + 2)
}

// remove empties slot i of b, a bucket of the locked chain of hash h, and
// takes the entry off its shard's count. The slot is zeroed so that the
// garbage collector can free what the entry pointed to.
func (t *table[K, V]) remove(h uint64, b *bucket[K, V], i int) {
	l := &t.lay
	var zero slot[K, V]
	seq := b.seq.Load()
	b.seq.Store(seq + 1)
	b.tags.Store(b.tags.Load() &^ (0xff << (8 * i)))
	storeWords(unsafe.Pointer(&b.slots[i]), unsafe.Pointer(&zero), 0, l.words, l)
	b.seq.Store(seq + 2)
	t.shards[h>>(t.shift&63)].n.Add(-1)
}

// insert adds k, which is absent, with value v; the chain of h is locked.
// It reports whether the table should grow.
func (t *table[K, V]) insert(h uint64, k K, v V) (grow bool) {
	t.put(h, k, v)
	return t.added(h)
}

// put stores k and v in an empty slot of the bucket chain of h, adding an
// overflow bucket if the chain is full; the chain of h is locked, or t not
// yet published. The new entry becomes visible to readers with the store of
// its tag, after its words.
func (t *table[K, V]) put(h uint64, k K, v V) {
	l := &t.lay
	tag := tagOf(h)
	e := slot[K, V]{k: k, v: v}
	b := t.bucketOf(h)
	for {
		tags := b.tags.Load()
		if free := emptySlots(tags); free != 0 {
			i := bits.TrailingZeros64(free) / 8
			storeWords(unsafe.Pointer(&b.slots[i]), unsafe.Pointer(&e), 0, l.words, l)
			b.tags.Store(tags | tag<<(8*i))
			return
		}
		next := b.next.Load()
		if next == nil {
			// Not yet visible to anyone: plain writes, published by the
			// store of the link.
			nb := new(bucket[K, V])
			nb.slots[0] = e
			nb.tags.Store(tag)
			b.next.Store(nb)
			return
		}
		b = next
	}
}

// eachIn calls f for every entry of the chain whose first bucket is head,
// which is locked.
func eachIn[K comparable, V any](head *bucket[K, V], f func(*slot[K, V])) {
	for b := head; b != nil; b = b.next.Load() {
		for m := ^emptySlots(b.tags.Load()) & msbs; m != 0; m &= m - 1 {
			f(&b.slots[bits.TrailingZeros64(m)/8])
		}
	}
}
