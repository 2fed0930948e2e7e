// Command ops races on maps in every way Go offers, one scenario after
// another, and once on a plain int, so that one `go run -race` log holds a
// race report for each map operation.
package main

import (
	"maps"
	"reflect"
	"sync"
)

// race runs f on a new goroutine and g on this one, with no ordering
// between them, and waits for both.
func race(f, g func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
	g()
	wg.Wait()
}

type key struct{ a, b int }

type cache struct{ m map[string]int }

func (c *cache) put(k string) { c.m[k] = 1 }

func get[K comparable, V any](m map[K]V, k K) V { return m[k] }

func main() {
	m1 := map[string]int{"a": 0}
	race(func() { m1["a"] = 1 }, func() { m1["b"] = 2 }) // 1: write/write

	m2 := map[string]int{"a": 0}
	race(func() { m2["a"] = 1 }, func() { _ = m2["a"] }) // 2: write/read

	m3 := map[int]int{1: 0}
	race(func() { m3[1] = 1 }, func() { _, _ = m3[1] }) // 3: write/comma-ok read, int key

	m4 := map[key]int{}
	race(func() { m4[key{1, 2}] = 1 }, func() { _ = m4[key{1, 2}] }) // 4: struct key

	m5 := map[string]int{"a": 0}
	race(func() { delete(m5, "a") }, func() { _ = m5["a"] }) // 5: delete/read

	m6 := map[string]int{"a": 0, "b": 0}
	race(func() { m6["c"] = 1 }, func() { // 6: write/range
		for k := range m6 {
			_ = k
		}
	})

	m7 := map[string]int{"a": 0}
	race(func() { clear(m7) }, func() { _ = m7["a"] }) // 7: clear/read

	m8 := map[string]int{"a": 0}
	race(func() { m8["b"] = 1 }, func() { _ = len(m8) }) // 8: write/len

	m9 := map[string]int{"a": 0}
	race(func() { maps.Copy(m9, map[string]int{"b": 1}) }, func() { // 9: maps.Copy/maps.Keys
		for k := range maps.Keys(m9) {
			_ = k
		}
	})

	m10 := map[string]int{"a": 0}
	race(func() { reflect.ValueOf(m10).SetMapIndex(reflect.ValueOf("b"), reflect.ValueOf(1)) }, func() { _ = get(m10, "a") }) // 10: reflect/generic

	c := &cache{m: map[string]int{}}
	put := c.put
	race(func() { put("a") }, func() { _ = c.m["a"] }) // 11: method value

	n := 0
	race(func() { n++ }, func() { n++ }) // 12: plain int, not a map
}
