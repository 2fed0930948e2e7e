package registry

import (
	"sync"
	"testing"
)

// The test starts the adding goroutines itself and reads the map without
// the lock while they run: the race is in this test binary.
func TestAdd(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { r.Add("a") })
	}
	if r.clusters["a"] > 4 {
		t.Fatal("too many")
	}
	wg.Wait()
}
