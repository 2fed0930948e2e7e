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
// accesses is in a test file, runs on a goroutine a test starts, or is made
// outside any goroutine after the other's goroutine starts only by code
// that only tests run (a cluster helper in a production file).
func (a *analysis) testDriven(cf conflict) bool {
	if a.testBinary(cf.a, cf.ca) != "" || a.testBinary(cf.b, cf.cb) != "" {
		return true
	}
	switch {
	case cf.ca == outerCtx && cf.cb >= 0:
		return a.startedByTests(a.g.roots[cf.cb], cf.a)
	case cf.cb == outerCtx && cf.ca >= 0:
		return a.startedByTests(a.g.roots[cf.ca], cf.b)
	}
	return false
}

// testStarted reports whether both sides of the pair run on goroutines
// that test files start, or in a test file's own code: the test itself
// runs them at once (a test that polls a map its goroutines fill). A test
// that only calls production code which starts goroutines (a broadcast
// that spawns a cleanup per client, a ticker of the type) is not shown to
// overlap them: the tests of a type that locks arrange their unlocked
// accesses between its events in ways mapfix does not follow.
func (a *analysis) testStarted(cf conflict) bool {
	side := func(x *access, c ctx) bool {
		if c < 0 {
			return inTestFile(x)
		}
		r := a.g.roots[c]
		return r.spawner != nil && strings.HasSuffix(r.spawner.file.Name, "_test.go")
	}
	return side(cf.a, cf.ca) && side(cf.b, cf.cb)
}

// startedByTests reports whether every place that starts r and then makes
// x (directly or through what it calls) is code only tests run.
func (a *analysis) startedByTests(r *root, x *access) bool {
	if r.spawner == nil || x.fn == nil {
		return false
	}
	found := false
	for _, fr := range a.frontier(r) {
		points := []frontierPoint{fr}
		if !a.madeAfter(points, a.reachedAfter(points), x) {
			continue
		}
		if !a.testOnly(fr.fn, 0) {
			return false
		}
		found = true
	}
	return found
}

// maxTestOnlyDepth bounds the callers followed by testOnly.
const maxTestOnlyDepth = 3

// testOnly reports whether fn runs only in tests: it is written in a test
// file, or it is an unexported function that only such code calls.
func (a *analysis) testOnly(fn *funcNode, depth int) bool {
	d := declOf(fn)
	if strings.HasSuffix(d.file.Name, "_test.go") {
		return true
	}
	if depth >= maxTestOnlyDepth || d.obj == nil || d.obj.Exported() || d.entry || d.valueRef || len(d.rootOf) > 0 || len(d.callers) == 0 {
		return false
	}
	for _, cs := range d.callers {
		if cs.caller == nil || !a.testOnly(cs.caller, depth+1) {
			return false
		}
	}
	return true
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
