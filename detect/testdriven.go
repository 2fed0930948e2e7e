package detect

import (
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// A pair that only tests witness, on a map of production code written for
// concurrent use, is not enough for more than possible.
//
// A type that locks says how its authors mean it to be shared; when its own
// goroutines and callers give no unordered pair, the only witness is how
// its tests drive it, and tests order their goroutines in ways mapfix
// cannot see: a lock lent across a hand-off, a state that a test waits
// for, a timeout that never fires during the test. On the labelled public
// modules no such pair was a real race (docs/detection.md, "Pairs only
// tests witness"). A map the tests themselves declare, and a production
// map without a lock (a package counter that parallel subtests bump), keep
// their witness: there the test is the concurrent use.

// testDriven reports whether the pair needs test code: one of its
// accesses is in a test file, or runs on a goroutine a test starts.
func (a *analysis) testDriven(cf conflict) bool {
	return a.testBinary(cf.a, cf.ca) != "" || a.testBinary(cf.b, cf.cb) != ""
}

// productionLocked reports whether class c is declared in production code
// that is written for concurrent use: some access of the class holds a
// lock, or a struct that holds the map has a mutex field.
func (a *analysis) productionLocked(c *mapclass.Class, owners []*types.TypeName, accs []*access) bool {
	root := c.Root()
	if root == nil || strings.HasSuffix(a.prog.Fset.Position(root.Obj.Pos()).Filename, "_test.go") {
		return false
	}
	for _, x := range accs {
		if len(x.held) > 0 && !inTestFile(x) {
			return true
		}
	}
	for _, o := range owners {
		if len(mutexFields(o.Type(), 0)) > 0 {
			return true
		}
	}
	return false
}
