package registry

import "testing"

// The test reads the map without the lock, but nothing else runs in this
// package's test binary: the goroutine that adds is in the program that
// imports the package, which go test does not link here.
func TestAdd(t *testing.T) {
	r := New()
	r.Add("a")
	if r.clusters["a"] != 1 {
		t.Fatal("want 1")
	}
}
