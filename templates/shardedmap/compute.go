package shardedmap

import (
	"math/bits"
	"strconv"
	"unsafe"
)

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
// f runs under the lock of k's bucket: it must be quick and must not use m
// (race builds panic if it does; other builds deadlock). If f panics, the
// lock is released and nothing is stored.
func (m *Map[K, V]) Update(k K, f func(V) V) (v V) {
	if m == nil {
		panicNil("Update")
	}
	if raceEnabled {
		m.dbg.check()
		id := m.dbg.enter("Update")
		defer m.dbg.exit(id)
	}
	// loadTable, hash, lock and find, by hand, in this one function: on
	// one goroutine an increment is a few dozen instructions, and each of
	// those calls would add a tenth.
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
	// One deferred call releases the lock if f panics; on the normal path
	// the lock is released below, before a growth that needs it free.
	locked := true
	defer func() {
		if locked {
			head.mu.Unlock()
		}
	}()
	tag := tagOf(h)
	for b := head; b != nil; b = b.next.Load() {
		for mt := matchTag(b.tags.Load(), tag); mt != 0; mt &= mt - 1 {
			i := bits.TrailingZeros64(mt) / 8 & (bucketSlots - 1)
			if b.slots[i].k == k {
				v = f(b.slots[i].v)
				t.setValue(b, i, v)
				locked = false
				head.mu.Unlock()
				return v
			}
		}
	}
	v = f(v)
	grow := t.insert(h, k, v)
	locked = false
	head.mu.Unlock()
	if grow {
		m.grow(t)
	}
	return v
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
// f runs under the lock of k's bucket, with the same rules as in Update.
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
	t, head := m.lock(t, h)
	actual, ok, grow := compute(t, head, h, k, f)
	if grow {
		m.grow(t)
	}
	return actual, ok
}

func compute[K comparable, V any](t *table[K, V], head *bucket[K, V], h uint64, k K, f func(V, bool) (V, ComputeOp)) (actual V, ok, grow bool) {
	defer head.mu.Unlock()
	b, i := find(head, h, k)
	var old V
	if b != nil {
		old = b.slots[i].v
	}
	v, op := f(old, b != nil)
	switch op {
	case UpdateOp:
		if b != nil {
			t.setValue(b, i, v)
			return v, true, false
		}
		return v, true, t.insert(h, k, v)
	case DeleteOp:
		if b != nil {
			t.remove(h, b, i)
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
