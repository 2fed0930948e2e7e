package shardedmap

import "strconv"

// ComputeOp tells Compute what to do with the value its function returns.
type ComputeOp int

const (
	// UpdateOp stores the returned value, adding the entry if absent.
	UpdateOp ComputeOp = iota
	// DeleteOp deletes the entry if present.
	DeleteOp
	// CancelOp leaves the map unchanged.
	CancelOp
)

// Update stores f(old) for k and returns it, atomically: no other write to k
// happens between reading old and storing the result. old is the zero V when
// k is absent. It replaces m[k] = f(m[k]), as in m[k]++ or m[k] += x or
// m[k] = append(m[k], x), and panics on a nil *Map.
//
// f runs under the shard's lock: it must be quick and must not use m
// (race builds panic if it does; other builds deadlock). If f panics, the
// lock is released and nothing is stored.
func (m *Map[K, V]) Update(k K, f func(V) V) V {
	if m == nil {
		panicNil("Update")
	}
	if raceEnabled {
		m.dbg.check()
		id := m.dbg.enter("Update")
		defer m.dbg.exit(id)
	}
	t := m.loadTable()
	h := t.hash(k)
	t, s := m.lock(t, h)
	v, grow := s.update(t, h, k, f)
	if grow {
		m.grow(t)
	}
	return v
}

func (s *shard[K, V]) update(t *table[K, V], h uint64, k K, f func(V) V) (v V, grow bool) {
	defer s.mu.Unlock()
	if b, i := t.find(h, k); b != nil {
		v = f(b.slots[i].v)
		t.setValue(b, i, v)
	} else {
		v = f(v)
		t.insert(s, h, k, v)
	}
	return v, s.wrote(t)
}

// Compute calls f with the value stored for k (the zero V if absent) and
// whether it was present, and then, atomically, stores the value f returns
// (UpdateOp), deletes k (DeleteOp) or leaves the map unchanged (CancelOp).
// It returns the value of k after the operation and whether k is present
// then: (new, true) for UpdateOp, (zero, false) for DeleteOp, and the old
// value and presence for CancelOp. It is for hand-written code that needs a
// conditional read-modify-write, like xsync's Compute; it panics on a nil
// *Map and on an unknown ComputeOp.
//
// f runs under the shard's lock, with the same rules as in Update.
func (m *Map[K, V]) Compute(k K, f func(old V, loaded bool) (V, ComputeOp)) (actual V, ok bool) {
	if m == nil {
		panicNil("Compute")
	}
	if raceEnabled {
		m.dbg.check()
		id := m.dbg.enter("Compute")
		defer m.dbg.exit(id)
	}
	t := m.loadTable()
	h := t.hash(k)
	t, s := m.lock(t, h)
	actual, ok, grow := s.compute(t, h, k, f)
	if grow {
		m.grow(t)
	}
	return actual, ok
}

func (s *shard[K, V]) compute(t *table[K, V], h uint64, k K, f func(V, bool) (V, ComputeOp)) (actual V, ok, grow bool) {
	defer s.mu.Unlock()
	b, i := t.find(h, k)
	var old V
	if b != nil {
		old = b.slots[i].v
	}
	v, op := f(old, b != nil)
	switch op {
	case UpdateOp:
		if b != nil {
			t.setValue(b, i, v)
		} else {
			t.insert(s, h, k, v)
		}
		return v, true, s.wrote(t)
	case DeleteOp:
		if b != nil {
			t.remove(s, b, i)
			s.wrote(t)
		}
		return actual, false, false
	case CancelOp:
		return old, b != nil, false
	}
	panic("shardedmap: Compute: unknown ComputeOp " + strconv.Itoa(int(op)))
}

// CompareAndSwap stores new for k if k is present with a value equal to
// old, and reports whether it did: sync.Map's CompareAndSwap, for a Map
// whose values are comparable (a method cannot ask that of V). An absent
// key is never swapped.
func CompareAndSwap[K, V comparable](m *Map[K, V], k K, old, new V) (swapped bool) {
	m.Compute(k, func(cur V, loaded bool) (V, ComputeOp) {
		if loaded && cur == old {
			swapped = true
			return new, UpdateOp
		}
		return cur, CancelOp
	})
	return swapped
}

// CompareAndDelete deletes k if it is present with a value equal to old,
// and reports whether it did: sync.Map's CompareAndDelete, for a Map whose
// values are comparable.
func CompareAndDelete[K, V comparable](m *Map[K, V], k K, old V) (deleted bool) {
	m.Compute(k, func(cur V, loaded bool) (V, ComputeOp) {
		if loaded && cur == old {
			deleted = true
			return cur, DeleteOp
		}
		return cur, CancelOp
	})
	return deleted
}
