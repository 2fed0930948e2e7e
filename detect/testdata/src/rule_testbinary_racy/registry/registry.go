// Package registry keeps named clusters under a lock.
package registry

import "sync"

// Registry maps names to cluster sizes.
type Registry struct {
	mu       sync.Mutex
	clusters map[string]int
}

// New returns an empty registry.
func New() *Registry { return &Registry{clusters: map[string]int{}} }

// Add grows the named cluster by one.
func (r *Registry) Add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clusters[name]++
}
