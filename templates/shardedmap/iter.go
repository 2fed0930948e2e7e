package shardedmap

import (
	"iter"
	"math/bits"
)

// entry is one key and value of a bucket chain's snapshot, with the
// bucket it was copied from and that bucket's sequence number then.
type entry[K comparable, V any] struct {
	k   K
	v   V
	b   *bucket[K, V]
	seq uint64
}

// All returns an iterator over the entries. It replaces for k, v := range m.
//
// It keeps the promises of ranging over a plain map, also when the loop body
// or another goroutine changes m: an entry deleted before the loop reaches
// it is not produced, an entry updated before it is reached is produced with
// its new value, each entry present for the whole loop is produced exactly
// once, and an entry added during the loop may or may not be produced. The
// order is unspecified.
//
// It copies one bucket chain at a time under the chain's lock and yields
// with no lock held, so the loop body may read and write m. The sequence
// number of an entry's bucket, which every change to the bucket moves, is
// read again before the entry is yielded; only when it moved since the
// copy is the entry looked up again, so a loop over a map nobody changes
// costs one atomic load per entry.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		m.iterate(yield)
	}
}

// Keys returns an iterator over the keys. It replaces for k := range m and
// maps.Keys(m), with the guarantees of All.
func (m *Map[K, V]) Keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		m.iterate(func(k K, _ V) bool { return yield(k) })
	}
}

// Values returns an iterator over the values. It replaces
// for _, v := range m and maps.Values(m), with the guarantees of All.
func (m *Map[K, V]) Values() iter.Seq[V] {
	return func(yield func(V) bool) {
		m.iterate(func(_ K, v V) bool { return yield(v) })
	}
}

// Range calls f for each entry until f returns false, with the guarantees
// of All. It is the callback form of sync.Map.Range, for hand-written code.
func (m *Map[K, V]) Range(f func(k K, v V) bool) {
	m.iterate(f)
}

// iterate yields the entries of m as All describes.
func (m *Map[K, V]) iterate(yield func(K, V) bool) {
	if m == nil {
		return
	}
	if raceEnabled {
		m.dbg.check()
	}
	var buf []entry[K, V]
	m.walk(func(_ *table[K, V], head *bucket[K, V]) {
		buf = buf[:0]
		for b := head; b != nil; b = b.next.Load() {
			seq := b.seq.Load()
			for m := ^emptySlots(b.tags.Load()) & msbs; m != 0; m &= m - 1 {
				e := &b.slots[bits.TrailingZeros64(m)/8]
				buf = append(buf, entry[K, V]{e.k, e.v, b, seq})
			}
		}
	}, func() bool {
		for _, e := range buf {
			if e.b.seq.Load() != e.seq {
				// The bucket was written since the copy: produce what the
				// map holds now. A key that is not equal to itself (NaN)
				// cannot be looked up and is produced as copied.
				v, ok := m.Load(e.k)
				if !ok && e.k == e.k {
					continue
				}
				if ok {
					e.v = v
				}
			}
			if !yield(e.k, e.v) {
				return false
			}
		}
		return true
	})
}
