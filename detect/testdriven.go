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
	for _, side := range []struct {
		x  *access
		cx ctx
	}{{cf.a, cf.ca}, {cf.b, cf.cb}} {
		if inTestFile(side.x) {
			return true
		}
		if side.cx >= 0 {
			if r := a.g.roots[side.cx]; r.spawner != nil && isTestFile(r.spawner.file.Name) {
				return true
			}
		}
	}
	return false
}

// productionLocked reports whether class c is declared in production code
// that is written for concurrent use: some access of the class holds a
// lock, or a struct that holds the map has a lock field.
func (a *analysis) productionLocked(c *mapclass.Class, owners []*types.TypeName, accs []*access) bool {
	root := c.Root()
	if root == nil || isTestFile(a.prog.Fset.Position(root.Obj.Pos()).Filename) {
		return false
	}
	for _, x := range accs {
		if len(x.held) > 0 && !inTestFile(x) {
			return true
		}
	}
	for _, o := range owners {
		if st, ok := o.Type().Underlying().(*types.Struct); ok && hasLockField(st) {
			return true
		}
	}
	return false
}

// hasLockField reports whether st has a field (embedded or named) of type
// sync.Mutex or sync.RWMutex, or a pointer to one.
func hasLockField(st *types.Struct) bool {
	for i := range st.NumFields() {
		t := st.Field(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
			continue
		}
		if name := n.Obj().Name(); name == "Mutex" || name == "RWMutex" {
			return true
		}
	}
	return false
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }
