package shardedmap

import (
	"maps"
	"slices"
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
