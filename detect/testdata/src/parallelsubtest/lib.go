// Parallel subtests write a package map through Register.
//
// want shared "corpus/src/parallelsubtest.registry"
// verified: go test -race reports DATA RACE
package parallelsubtest

var registry = map[string]int{}

// Register records a name.
func Register(name string) { registry[name]++ }
