// Copy-on-write maps published through atomics: readers load the current
// map and only read it; writers copy it into a fresh map, change the copy
// (also in a helper, seed) and Store it. No map is written after it is
// published, so none is shared. routes uses atomic.Pointer, its writers
// one at a time under a mutex; limits uses atomic.Value, its writers
// unlocked (concurrent setLimits may lose updates, but each writes only
// its own fresh map: no data race).
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
)

var (
	routes  atomic.Pointer[map[string]string]
	limits  atomic.Value // map[string]int
	writeMu sync.Mutex
)

func route(path string) string {
	m := *routes.Load()
	return m[path]
}

func addRoute(path, backend string) {
	writeMu.Lock()
	defer writeMu.Unlock()
	next := maps.Clone(*routes.Load())
	next[path] = backend
	seed(next)
	routes.Store(&next)
}

// seed fills in the defaults of a map that is not published yet.
func seed(m map[string]string) {
	if _, ok := m["/"]; !ok {
		m["/"] = "index"
	}
}

func limit(name string) int {
	return limits.Load().(map[string]int)[name]
}

func setLimit(name string, n int) {
	old := limits.Load().(map[string]int)
	next := make(map[string]int, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[name] = n
	limits.Store(next)
}

func main() {
	empty := map[string]string{}
	routes.Store(&empty)
	limits.Store(map[string]int{})

	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				addRoute(fmt.Sprint("/", i, "/", j), "b")
				setLimit(fmt.Sprint(i), j)
			}
		})
		wg.Go(func() {
			for j := range 50 {
				_ = route(fmt.Sprint("/", i, "/", j))
				_ = limit(fmt.Sprint(i))
			}
		})
	}
	wg.Wait()
	fmt.Println(len(*routes.Load()), "routes,", len(limits.Load().(map[string]int)), "limits")
}
