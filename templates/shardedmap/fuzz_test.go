package shardedmap

import (
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// FuzzModel decodes its input into a sequence of operations, applies each
// to a plain map and to a Map, and checks that every result and the final
// contents agree.
func FuzzModel(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 1, 5, 0, 1, 0, 8, 1, 2, 12, 0, 0})
	f.Add([]byte{16, 0, 200, 14, 3, 7, 15, 0, 0, 13, 0, 0, 12, 0, 0})
	f.Add([]byte{1, 16, 10, 255, 16, 77, 255, 14, 9, 1, 4, 2, 3, 9, 2, 1, 10, 3, 0, 11, 3, 0, 5, 4, 0, 6, 5, 0, 7, 6, 6, 17, 0, 0, 18, 0, 5})
	f.Add([]byte{0, 16, 0, 255, 16, 1, 255, 16, 2, 255, 14, 5, 9, 15, 0, 0, 13, 0, 0, 3, 1, 1, 12, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var m *Map[int, int]
		if len(data) > 0 && data[0]%2 == 1 {
			m = New[int, int]()
		} else {
			m = new(Map[int, int])
		}
		model := map[int]int{}
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		if len(data) > 0 {
			data = data[1:]
		}
		for step := 0; len(data) > 0; step++ {
			op, k, x := next()%19, next()%32, next()
			switch op {
			case 0:
				v, ok := m.Load(k)
				wv, wok := model[k]
				if v != wv || ok != wok {
					t.Fatalf("step %d: Load(%d) = %d, %v; want %d, %v", step, k, v, ok, wv, wok)
				}
			case 1:
				if got, want := m.Get(k), model[k]; got != want {
					t.Fatalf("step %d: Get(%d) = %d; want %d", step, k, got, want)
				}
			case 2:
				_, want := model[k]
				if got := m.Has(k); got != want {
					t.Fatalf("step %d: Has(%d) = %v; want %v", step, k, got, want)
				}
			case 3:
				m.Store(k, x)
				model[k] = x
			case 4:
				v, loaded := m.LoadOrStore(k, x)
				wv, wok := model[k]
				if !wok {
					model[k], wv = x, x
				}
				if v != wv || loaded != wok {
					t.Fatalf("step %d: LoadOrStore(%d, %d) = %d, %v; want %d, %v", step, k, x, v, loaded, wv, wok)
				}
			case 5:
				v, loaded := m.LoadAndDelete(k)
				wv, wok := model[k]
				delete(model, k)
				if v != wv || loaded != wok {
					t.Fatalf("step %d: LoadAndDelete(%d) = %d, %v; want %d, %v", step, k, v, loaded, wv, wok)
				}
			case 6:
				m.Delete(k)
				delete(model, k)
			case 7:
				v, loaded := m.Swap(k, x)
				wv, wok := model[k]
				model[k] = x
				if v != wv || loaded != wok {
					t.Fatalf("step %d: Swap(%d, %d) = %d, %v; want %d, %v", step, k, x, v, loaded, wv, wok)
				}
			case 8:
				got := m.Update(k, func(v int) int { return v*3 + x })
				model[k] = model[k]*3 + x
				if got != model[k] {
					t.Fatalf("step %d: Update(%d) = %d; want %d", step, k, got, model[k])
				}
			case 9, 10, 11:
				cop := ComputeOp(op - 9)
				wold, wloaded := model[k]
				v, ok := m.Compute(k, func(old int, loaded bool) (int, ComputeOp) {
					if old != wold || loaded != wloaded {
						t.Fatalf("step %d: Compute(%d) saw %d, %v; want %d, %v", step, k, old, loaded, wold, wloaded)
					}
					return old + x, cop
				})
				var wv int
				var wok bool
				switch cop {
				case UpdateOp:
					model[k] = wold + x
					wv, wok = wold+x, true
				case DeleteOp:
					delete(model, k)
				case CancelOp:
					wv, wok = wold, wloaded
				}
				if v != wv || ok != wok {
					t.Fatalf("step %d: Compute(%d, %v) = %d, %v; want %d, %v", step, k, cop, v, ok, wv, wok)
				}
			case 12:
				if got, want := m.Len(), len(model); got != want {
					t.Fatalf("step %d: Len() = %d; want %d", step, got, want)
				}
			case 13:
				m.Clear()
				clear(model)
			case 14:
				checkAllWithWrites(t, step, m, model, k, x)
			case 15:
				if got := m.Clone(); !maps.Equal(got, model) {
					t.Fatalf("step %d: Clone() = %v; want %v", step, got, model)
				}
			case 16:
				// Many keys at once, so that the Map grows. The size is
				// bounded to keep each input fast.
				if len(model) > 1000 {
					break
				}
				for i := range x + 1 {
					key := 1000*k + i
					m.Store(key, i)
					model[key] = i
				}
			case 17:
				keys := slices.Sorted(m.Keys())
				if want := slices.Sorted(maps.Keys(model)); !slices.Equal(keys, want) {
					t.Fatalf("step %d: Keys() = %v; want %v", step, keys, want)
				}
				vals := slices.Sorted(m.Values())
				if want := slices.Sorted(maps.Values(model)); !slices.Equal(vals, want) {
					t.Fatalf("step %d: Values() = %v; want %v", step, vals, want)
				}
			case 18:
				n := 0
				m.Range(func(k, v int) bool {
					if wv, ok := model[k]; !ok || wv != v {
						t.Fatalf("step %d: Range yielded %d: %d; model has %d, %v", step, k, v, wv, ok)
					}
					n++
					return n < x
				})
				if want := min(max(x, 1), len(model)); n != want {
					t.Fatalf("step %d: Range with stop after %d yielded %d; want %d", step, x, n, want)
				}
			}
		}
		if got := m.Clone(); !maps.Equal(got, model) {
			t.Fatalf("final contents %v; want %v", got, model)
		}
		if got, want := m.Len(), len(model); got != want {
			t.Fatalf("final Len() = %d; want %d", got, want)
		}
	})
}

// checkAllWithWrites ranges over m with All while the loop body writes to m
// (and to model the same way): each key present for the whole loop must be
// yielded exactly once with its value, and no key may be yielded twice or
// yielded without having been in the map during the loop.
func checkAllWithWrites(t *testing.T, step int, m *Map[int, int], model map[int]int, k, x int) {
	start := maps.Clone(model)
	touched := map[int]bool{} // keys written during the loop
	seen := map[int]bool{}
	i := 0
	for key, v := range m.All() {
		if seen[key] {
			t.Fatalf("step %d: All yielded %d twice", step, key)
		}
		seen[key] = true
		if !touched[key] {
			if wv, ok := start[key]; !ok || wv != v {
				t.Fatalf("step %d: All yielded %d: %d; at the start it was %d, %v", step, key, v, wv, ok)
			}
		}
		// Mutate: delete a key, store a key, or update the current one.
		w := (k + i*7) % 40
		switch (x + i) % 3 {
		case 0:
			m.Delete(w)
			delete(model, w)
			touched[w] = true
		case 1:
			m.Store(w, i)
			model[w] = i
			touched[w] = true
		case 2:
			m.Update(key, func(v int) int { return v + 1 })
			model[key]++
			touched[key] = true
		}
		i++
	}
	for key := range start {
		if !touched[key] && !seen[key] {
			t.Fatalf("step %d: All missed %d, present for the whole loop", step, key)
		}
	}
}

// FuzzRange ranges over a Map whose loop body changes it, as the input
// says, and checks the promises of ranging over a plain map against a plain
// map changed the same way: an entry deleted before the loop reaches it is
// not produced, an entry updated before it is reached is produced with its
// new value, an entry present for the whole loop is produced exactly once,
// and an entry added during the loop may or may not be produced, but if it
// is, with its value at that moment. Every produced pair must be in the
// plain map when it is produced.
func FuzzRange(f *testing.F) {
	f.Add([]byte{20, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{200, 1, 0, 0, 1, 1, 1, 2, 5, 5, 3, 9, 9, 4, 0, 0})
	f.Add([]byte{255, 3, 6, 0, 6, 1, 2, 40, 7, 5, 80, 1, 1, 3, 0, 0, 0, 0})
	f.Add([]byte{60, 2, 4, 4, 4, 4, 4, 4, 4, 4, 0, 1, 0, 1, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		n, how := next(), next()
		m := New[int, int]()
		if how&1 == 1 {
			m = NewWithCapacity[int, int](n)
		}
		model := map[int]int{}
		for i := range n {
			m.Store(i*3, i)
			model[i*3] = i
		}
		if how&2 == 2 {
			// A few single-entry changes before the loop, so shards carry
			// write counts from before.
			m.Delete(0)
			delete(model, 0)
			m.Store(1, 1)
			model[1] = 1
		}
		start := maps.Clone(model)
		deleted := map[int]bool{} // keys of start deleted at some point
		seen := map[int]bool{}
		stopAt := -1
		if how&4 == 4 {
			stopAt = next()
		}
		produced := 0
		body := func(k, v int) bool {
			if seen[k] {
				t.Fatalf("key %d produced twice", k)
			}
			seen[k] = true
			if wv, ok := model[k]; !ok || wv != v {
				t.Fatalf("produced %d: %d; the map holds %d, %v", k, v, wv, ok)
			}
			produced++
			if produced == stopAt {
				return false
			}
			// Change the map: the key is picked among all keys of the
			// model's range, so that it is often one not reached yet.
			for range next() % 4 {
				op, x := next()%8, next()
				key := x % (3*n + 8)
				switch op {
				case 0, 1: // delete
					m.Delete(key)
					delete(model, key)
					deleted[key] = true
				case 2, 3: // update or insert
					m.Store(key, x+1000)
					model[key] = x + 1000
				case 4: // read-modify-write
					m.Update(key, func(v int) int { return v + 7 })
					model[key] += 7
				case 5: // delete through Compute
					m.Compute(key, func(v int, ok bool) (int, ComputeOp) { return 0, DeleteOp })
					delete(model, key)
					deleted[key] = true
				case 6: // many inserts: the table grows mid-loop
					for i := range x % 100 {
						m.Store(-1-i, i)
						model[-1-i] = i
					}
				case 7: // delete and put back: may be produced again or not, but once
					if _, ok := model[key]; ok {
						m.Delete(key)
						m.Store(key, model[key])
						deleted[key] = true
					}
				}
			}
			return true
		}
		switch how >> 3 % 4 {
		case 0:
			for k, v := range m.All() {
				if !body(k, v) {
					break
				}
			}
		case 1:
			m.Range(body)
		case 2:
			for k := range m.Keys() {
				if !body(k, model[k]) {
					break
				}
			}
		case 3:
			// Values alone cannot name the key: check the all-keys
			// promises with All, and that Values yields the same count.
			count := 0
			for range m.Values() {
				count++
			}
			if count != len(model) {
				t.Fatalf("Values yielded %d; map has %d", count, len(model))
			}
			for k, v := range m.All() {
				if !body(k, v) {
					break
				}
			}
		}
		if stopAt < 0 || produced < stopAt {
			for k := range start {
				if !deleted[k] && !seen[k] {
					t.Fatalf("key %d present for the whole loop was not produced", k)
				}
			}
		}
		if got := m.Clone(); !maps.Equal(got, model) {
			t.Fatalf("after the loop %v; want %v", got, model)
		}
		if m.Len() != len(model) {
			t.Fatalf("Len %d; want %d", m.Len(), len(model))
		}
	})
}

// cval is a value of three words that readers can check for tearing: c is
// always derived from the key and b.
type cval struct {
	key  string
	b, c int
}

func mkval(key string, b int) cval { return cval{key, b, len(key)*1000003 ^ b} }

func (v cval) whole(key string) bool { return v.key == key && v.c == len(key)*1000003^v.b }

// FuzzConcurrent runs the input's writes on a Map and on a plain map under
// a sync.RWMutex (the reference), while other goroutines read. Readers that
// hold the reference's read lock must see exactly the reference (no write is
// in progress then, so a lock-free read must see every finished write);
// readers that take no lock run against writes in progress and must never
// see a value torn between two writes, a key that was never stored, or a
// loop that produces a key twice.
func FuzzConcurrent(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{6, 200, 6, 100, 1, 3, 1, 4, 2, 5, 3, 7, 5, 0, 4, 9, 0, 1})
	f.Add([]byte{0, 0, 0, 0, 2, 0, 3, 0, 1, 0, 7, 255, 0, 0, 0, 0})
	// Keys of 2 to 23 bytes: every length the short-string hash reads
	// differently, and longer ones that go to maphash.
	keys := make([]string, 300)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i) + strings.Repeat("-", i%21)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := New[string, cval]()
		var mu sync.RWMutex
		ref := map[string]cval{}
		var done atomic.Bool
		var wg sync.WaitGroup
		fail := func(format string, args ...any) {
			t.Errorf(format, args...)
			done.Store(true)
		}
		for r := range 3 {
			wg.Go(func() {
				for i := r; !done.Load(); i++ {
					k := keys[i*7%len(keys)]
					if r == 0 {
						mu.RLock()
						v, ok := m.Load(k)
						wv, wok := ref[k]
						n, wn := m.Len(), len(ref)
						mu.RUnlock()
						if v != wv || ok != wok || n != wn {
							fail("locked reader: Load(%s) = %v, %v, Len %d; reference %v, %v, %d", k, v, ok, n, wv, wok, wn)
						}
						continue
					}
					if v, ok := m.Load(k); ok && !v.whole(k) {
						fail("Load(%s) = %+v: torn or wrong key", k, v)
					}
					if r == 2 && i%64 == 0 {
						seen := map[string]bool{}
						for k, v := range m.All() {
							if seen[k] || !v.whole(k) {
								fail("All: %s produced twice (%v) or torn: %+v", k, seen[k], v)
							}
							seen[k] = true
						}
					}
				}
			})
		}
		gen := 0
		for len(data) >= 2 && !done.Load() {
			op, x := data[0], int(data[1])
			data = data[2:]
			gen++
			k := keys[x%len(keys)]
			mu.Lock()
			switch op % 8 {
			case 0, 1:
				m.Store(k, mkval(k, gen))
				ref[k] = mkval(k, gen)
			case 2:
				m.Delete(k)
				delete(ref, k)
			case 3:
				m.Update(k, func(v cval) cval { return mkval(k, v.b+1) })
				ref[k] = mkval(k, ref[k].b+1)
			case 4:
				m.Compute(k, func(v cval, ok bool) (cval, ComputeOp) {
					if ok && v.b%2 == 0 {
						return v, DeleteOp
					}
					return mkval(k, gen), UpdateOp
				})
				if v, ok := ref[k]; ok && v.b%2 == 0 {
					delete(ref, k)
				} else {
					ref[k] = mkval(k, gen)
				}
			case 5:
				if _, loaded := m.LoadOrStore(k, mkval(k, gen)); !loaded {
					ref[k] = mkval(k, gen)
				}
			case 6: // many keys at once: shards grow their buckets, the table its shards
				for i := range x {
					kk := keys[(x+i)%len(keys)]
					m.Store(kk, mkval(kk, gen))
					ref[kk] = mkval(kk, gen)
				}
			case 7:
				if x%8 == 0 {
					m.Clear()
					clear(ref)
				} else {
					m.Swap(k, mkval(k, gen))
					ref[k] = mkval(k, gen)
				}
			}
			mu.Unlock()
			if gen%8 == 0 {
				runtime.Gosched() // let the readers in between writes
			}
		}
		done.Store(true)
		wg.Wait()
		if got := m.Clone(); !maps.Equal(got, ref) {
			t.Fatalf("final contents differ from the reference:\n%v\n%v", got, ref)
		}
	})
}
