package shardedmap

import "iter"

// entry is one key and value of a shard snapshot.
type entry[K comparable, V any] struct {
	k K
	v V
}

// All returns an iterator over the entries. It replaces for k, v := range m.
//
// It copies one shard at a time under its read lock and yields with no lock
// held, so the loop body may read and write m. Entries present for the whole
// loop are yielded exactly once; entries added or deleted during the loop may
// or may not be yielded, as with a plain map. The order is unspecified.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		if m == nil {
			return
		}
		if raceEnabled {
			m.dbg.check()
		}
		var buf []entry[K, V]
		m.walk(false, func(s *shard[K, V]) {
			buf = buf[:0]
			for k, v := range s.m {
				buf = append(buf, entry[K, V]{k, v})
			}
		}, func() bool {
			for _, e := range buf {
				if !yield(e.k, e.v) {
					return false
				}
			}
			return true
		})
	}
}

// Keys returns an iterator over the keys. It replaces for k := range m and
// maps.Keys(m), with the guarantees of All.
func (m *Map[K, V]) Keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		if m == nil {
			return
		}
		if raceEnabled {
			m.dbg.check()
		}
		var buf []K
		m.walk(false, func(s *shard[K, V]) {
			buf = buf[:0]
			for k := range s.m {
				buf = append(buf, k)
			}
		}, func() bool {
			for _, k := range buf {
				if !yield(k) {
					return false
				}
			}
			return true
		})
	}
}

// Values returns an iterator over the values. It replaces
// for _, v := range m and maps.Values(m), with the guarantees of All.
func (m *Map[K, V]) Values() iter.Seq[V] {
	return func(yield func(V) bool) {
		if m == nil {
			return
		}
		if raceEnabled {
			m.dbg.check()
		}
		var buf []V
		m.walk(false, func(s *shard[K, V]) {
			buf = buf[:0]
			for _, v := range s.m {
				buf = append(buf, v)
			}
		}, func() bool {
			for _, v := range buf {
				if !yield(v) {
					return false
				}
			}
			return true
		})
	}
}

// Range calls f for each entry until f returns false, with the guarantees
// of All. It is the callback form of sync.Map.Range, for hand-written code.
func (m *Map[K, V]) Range(f func(k K, v V) bool) {
	m.All()(f)
}
