package detect

import (
	"go/token"
	"go/types"
	"slices"
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
// accesses is in a test file, or runs on a goroutine a test starts, or,
// for a pair that must be shown on one object (owners), is made outside
// any goroutine, after the other's goroutine starts, only by code that
// only tests run (a cluster helper in a production file). A pair on a
// package variable is witnessed by the API alone (any caller may start
// the goroutine and then make the access), not by who starts it.
func (a *analysis) testDriven(cf conflict, owners []*types.TypeName) bool {
	if a.testBinary(cf.a, cf.ca) != "" || a.testBinary(cf.b, cf.cb) != "" {
		return true
	}
	if len(owners) == 0 || a.byPackageVar(cf.a) || a.byPackageVar(cf.b) {
		return false
	}
	switch {
	case cf.ca == outerCtx && cf.cb >= 0:
		return a.startedByTests(a.g.roots[cf.cb], cf.a)
	case cf.cb == outerCtx && cf.ca >= 0:
		return a.startedByTests(a.g.roots[cf.ca], cf.b)
	}
	return false
}

// testServed reports whether a side of the pair runs in an HTTP handler
// that only a test serves: registered by a test file's code, or declared
// there. Such a handler answers only the requests its test sends, and a
// test sends them one after another as often as at once; the handler's
// goroutine per request is the test's to order, as a test's own
// goroutines are (a fake OAuth server walked through register, authorize
// and token, a mux filled before the subtests send their requests).
func (a *analysis) testServed(cf conflict) bool {
	for _, c := range []ctx{cf.ca, cf.cb} {
		if c < 0 {
			continue
		}
		r := a.g.roots[c]
		if r.kind != rootHTTP {
			continue
		}
		if r.startedInTest() {
			return true
		}
		for _, t := range r.targets {
			if t.inTestFile() {
				return true
			}
		}
	}
	return false
}

// testStarted reports whether both sides of the pair run on goroutines
// that test files start, or in the tests' own code: a test file's, or
// production code a test calls after it starts the other side's goroutine.
// The test itself then runs them at once (a test that polls a map its
// goroutines fill). A test that only calls production code which starts
// goroutines (a broadcast that spawns a cleanup per client, a ticker of
// the type) is not shown to overlap them: the tests of a type that locks
// arrange their unlocked accesses between its events in ways mapfix does
// not follow.
func (a *analysis) testStarted(cf conflict) bool {
	byTest := func(c ctx) bool {
		if c < 0 {
			return false
		}
		r := a.g.roots[c]
		return r.startedInTest()
	}
	side := func(x *access, c, other ctx) bool {
		if c >= 0 {
			return byTest(c)
		}
		return inTestFile(x) || byTest(other) && a.startedByTests(a.g.roots[other], x)
	}
	return side(cf.a, cf.ca, cf.cb) && side(cf.b, cf.cb, cf.ca)
}

// startedByTests reports whether some place that starts r and then makes
// x (directly or through what it calls) is code only tests run, and no
// other place does.
func (a *analysis) startedByTests(r *root, x *access) bool {
	if r.spawner == nil || x.fn == nil {
		return false
	}
	found := false
	for _, fr := range a.frontier(r) {
		if found && a.testOnly(fr.fn) {
			continue // one is enough; only production points still count
		}
		if !a.makesAfter(fr, x) {
			continue
		}
		if !a.testOnly(fr.fn) {
			return false
		}
		found = true
	}
	return found
}

// makesAfter reports whether the code after point fr makes access x:
// fr's function itself, later or in a loop around fr, or a function it
// calls there, or what that calls.
func (a *analysis) makesAfter(fr frontierPoint, x *access) bool {
	after := func(p token.Pos) bool { return p > fr.pos || fr.fn.sameLoop(p, fr.pos, nil) }
	if fr.fn == x.fn && after(x.use.Expr.Pos()) {
		return true
	}
	anc := a.ancestors(x.fn)
	for _, oc := range a.outCalls(fr.fn) {
		if anc[oc.callee] && after(oc.pos) {
			return true
		}
	}
	return false
}

// ancestors returns fn and the functions that reach it by calls that
// really run (static calls), cached per function.
func (a *analysis) ancestors(fn *funcNode) map[*funcNode]bool {
	if got, ok := a.callersOf[fn]; ok {
		return got
	}
	out := map[*funcNode]bool{fn: true}
	work := []*funcNode{fn}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for _, cs := range n.callers {
			if cs.caller == nil || out[cs.caller] || !slices.Contains(cs.caller.staticCalls, n) {
				continue
			}
			out[cs.caller] = true
			work = append(work, cs.caller)
		}
	}
	if a.callersOf == nil {
		a.callersOf = make(map[*funcNode]map[*funcNode]bool)
	}
	a.callersOf[fn] = out
	return out
}

// maxTestOnlyDepth bounds the callers followed by testOnly.
const maxTestOnlyDepth = 3

// testOnly reports whether fn runs only in tests: it is written in a test
// file, or it is an unexported function that only such code calls (a few
// calls up), cached per function.
func (a *analysis) testOnly(fn *funcNode) bool {
	d := declOf(fn)
	if got, ok := a.testsOnly[d]; ok {
		return got
	}
	v := a.testOnlyDepth(d, 0)
	if a.testsOnly == nil {
		a.testsOnly = make(map[*funcNode]bool)
	}
	a.testsOnly[d] = v
	return v
}

func (a *analysis) testOnlyDepth(fn *funcNode, depth int) bool {
	d := declOf(fn)
	if d.inTestFile() {
		return true
	}
	if depth >= maxTestOnlyDepth || d.obj == nil || d.obj.Exported() || d.entry || d.valueRef || len(d.rootOf) > 0 || len(d.callers) == 0 {
		return false
	}
	for _, cs := range d.callers {
		if cs.caller == nil || !a.testOnlyDepth(cs.caller, depth+1) {
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

// testDouble reports whether the map is kept in a field of a type that
// test code declares: a _test.go file, or a package of test helpers
// (named test, testing, testutil or testutils, or ending in "test" as
// httptest does). Fakes, mocks and harnesses stand in for a server or a
// client: production goroutines call their methods in the order of the
// protocol they fake (a request before its response, a call before its
// callback), which mapfix does not follow, and the module's own tests run
// exactly this code whenever they run under -race. On the labelled public
// modules every certain or likely finding on such a map was false
// (docs/detection.md, "Test doubles"), so a pair on one is possible.
// A map a test function declares (a table of cases its parallel subtests
// share) is the test's own state, not a double, and keeps its witness.
func (a *analysis) testDouble(c *mapclass.Class) bool {
	fields := 0
	for _, s := range c.Slots {
		switch {
		case s.Kind != mapclass.Field:
			return false
		case s.Obj.Pkg() == nil:
			return false
		case len(appendOwners(nil, s.Obj.Pkg().Scope(), s.Obj, false)) == 0:
			return false // a field of a struct declared in a function, or of no named type
		}
		fields++
		pkg := s.Obj.Pkg().Name()
		if !strings.HasSuffix(a.prog.Fset.Position(s.Obj.Pos()).Filename, "_test.go") && !helperPackage(pkg) {
			return false
		}
	}
	return fields > 0
}

// helperPackage reports whether a package's name says it holds test
// helpers.
func helperPackage(name string) bool {
	switch name {
	case "test", "tests", "testing", "testutil", "testutils", "testhelper", "testhelpers":
		return true
	}
	return len(name) > len("test") && strings.HasSuffix(name, "test")
}
