// Subtests without t.Parallel run one after another.
//
// want none
// want exported "corpus/src/seqsubtest.seen"
// verified: go test -race reports no race
package seqsubtest

var seen = map[string]bool{}

// Mark records a name.
func Mark(name string) { seen[name] = true }
