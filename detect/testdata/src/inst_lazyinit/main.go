// Lazily made maps in per-goroutine values: resolve copies its map field
// into a local, makes it on first use and stores it back, then writes
// through the local. Every goroutine has its own resolver: nothing shared.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"strings"
	"sync"
)

type resolver struct {
	prefix string
	cache  map[string]string
}

// resolve expands a name, remembering the answers.
func (r *resolver) resolve(name string) string {
	m := r.cache
	if m == nil {
		m = make(map[string]string)
		r.cache = m
	}
	if v, ok := m[name]; ok {
		return v
	}
	v := r.prefix + strings.ToLower(name)
	m[name] = v
	return v
}

func main() {
	names := []string{"Users", "Orders", "Users", "Audit"}
	out := make([]string, 4)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			r := &resolver{prefix: fmt.Sprint("db", i, ".")}
			for j := range 2000 {
				out[i] = r.resolve(names[j%len(names)] + fmt.Sprint(i, j%500))
			}
		})
	}
	wg.Wait()
	fmt.Println(out[0] != "")
}
