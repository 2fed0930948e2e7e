// The per-tenant counters of seelock_nested with one lock forgotten:
// Forget deletes from an inner map, and then the emptied tenant from the
// outer map, without ix.mu; it races with Record, which adds tenants to
// the outer map and counts in the inner ones. Both classes are shared:
// the outer map, and the inner maps (named after Record's local inner,
// the first declaration that holds them), whose guard is the outer lock.
//
// want shared "corpus/src/seelock_nested_racy.usageIndex.byTenant"
// want shared "corpus/src/seelock_nested_racy.usageIndex.Record.inner"
// known miss "corpus/src/seelock_nested_racy.usageIndex.Record.inner" "the inner maps of a map of maps are a class of locals, analysed per call, not tied to the outer map"
// verified: go run -race reports DATA RACE (the deletes in Forget, lines
// 42 and 44, against Record, line 31, bump, line 24, and Uses, line 52)
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
	delete(ix.byTenant[tenant], feature) // forgot ix.mu
	if len(ix.byTenant[tenant]) == 0 {
		delete(ix.byTenant, tenant)
	}
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
