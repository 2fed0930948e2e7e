// A library whose exported Register writes a package map with no lock:
// nothing here starts a goroutine, but callers may be concurrent.
//
// want none
// want exported "corpus/src/exportedlib.names"
// not run under -race: a possible finding needs concurrent callers
package exportedlib

import "sync"

var names = map[string]int{}

// Register records a name.
func Register(n string) { names[n]++ }

// Count returns how often n was registered.
func Count(n string) int { return names[n] }

var (
	mu     sync.Mutex
	locked = map[string]int{}
)

// Add records a name under mu.
func Add(n string) {
	mu.Lock()
	defer mu.Unlock()
	locked[n]++
}
