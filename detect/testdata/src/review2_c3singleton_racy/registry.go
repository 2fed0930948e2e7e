// Package codecs keeps the process-wide codec registry, made on first use.
//
// want shared "corpus/src/review2_c3singleton_racy.Registry.byName"
// verified: go test -race reports DATA RACE (a second review's case)
package codecs

import "sync"

type Registry struct {
	byName map[string]int
}

var (
	once sync.Once
	def  *Registry
)

// Default returns the process-wide registry.
func Default() *Registry {
	once.Do(func() { def = &Registry{byName: make(map[string]int)} })
	return def
}

// Register records a codec; not safe for concurrent use (the bug).
func (r *Registry) Register(name string, id int) {
	r.byName[name] = id
}

// Lookup returns a codec's id.
func (r *Registry) Lookup(name string) (int, bool) {
	id, ok := r.byName[name]
	return id, ok
}
