// The resolvers of inst_lazyinit, but one resolver is made in main and
// shared: the goroutines write its lazily made map through their locals
// at the same time (and race on making it).
//
// want shared "corpus/src/inst_lazyinit_racy.resolver.cache"
// verified: go run -race reports DATA RACE
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
	r := &resolver{prefix: "db."}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 2000 {
				out[i] = r.resolve(names[j%len(names)] + fmt.Sprint(i, j%500))
			}
		})
	}
	wg.Wait()
	fmt.Println(out[0] != "")
}
