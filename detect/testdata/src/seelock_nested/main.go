// Per-tenant counters in a map of maps: the inner maps are made, written
// and read only while the outer map's lock, ix.mu, is held, whether
// through a local (inner := ix.byTenant[t]), a helper given the inner map,
// or a double index.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type usageIndex struct {
	mu       sync.Mutex
	byTenant map[string]map[string]int
}

// bump counts one use of feature; the owner's lock must be held.
func bump(counts map[string]int, feature string) {
	counts[feature]++
}

// Record counts one use of a feature by a tenant.
func (ix *usageIndex) Record(tenant, feature string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	inner := ix.byTenant[tenant]
	if inner == nil {
		inner = make(map[string]int)
		ix.byTenant[tenant] = inner
	}
	bump(inner, feature)
}

// Forget drops a feature's count for a tenant, and the tenant once it
// has none.
func (ix *usageIndex) Forget(tenant, feature string) {
	ix.mu.Lock()
	delete(ix.byTenant[tenant], feature)
	if len(ix.byTenant[tenant]) == 0 {
		delete(ix.byTenant, tenant)
	}
	ix.mu.Unlock()
}

// Uses reads one count.
func (ix *usageIndex) Uses(tenant, feature string) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.byTenant[tenant][feature]
}

func main() {
	ix := &usageIndex{byTenant: map[string]map[string]int{}}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 3000 {
				tenant := fmt.Sprint("t", (i+j)%3)
				feature := fmt.Sprint("f", j%2)
				ix.Record(tenant, feature)
				_ = ix.Uses(tenant, feature)
			}
		})
	}
	wg.Go(func() { // expires counts as the workers add them
		for j := range 3000 {
			ix.Forget(fmt.Sprint("t", j%3), fmt.Sprint("f", j%2))
		}
	})
	wg.Wait()
	fmt.Println(ix.Uses("t0", "f0") > 0)
}
