package detect

import "strings"

// entrySet is where the calls that reach a function can begin: the
// top-level tests, benchmarks and fuzz functions (and TestMain) of the
// loaded test files, and whether anything else reaches it (main, init,
// an exported entry point, a goroutine with no known starter).
type entrySet struct {
	tests map[*funcNode]bool
	other bool
	// every is set when init, a package variable's initialiser or
	// TestMain reaches the function: it runs beside every test.
	every bool
}

// sameTestRun reports whether the goroutines of roots r and s can meet on
// one object in a run of a program. A test binary runs production code
// only when a test calls it, and a goroutine a test starts works beside
// that test: when either goroutine is started only under tests, some one
// test must reach both starters. Two tests each reach one of them on the
// values each made itself (the caller asks only for objects reached by
// no package variable: two parallel tests share those), and a goroutine
// left running by one test meets the next only by a leak mapfix does not
// claim. What init, a package variable's initialiser or TestMain starts
// runs beside every test.
func (a *analysis) sameTestRun(r, s *root, own func(*root) bool) bool {
	if r.spawner == nil || s.spawner == nil {
		return true
	}
	er, es := a.entriesOf(r.spawner), a.entriesOf(s.spawner)
	if er.other && es.other || er.every || es.every {
		return true
	}
	// A goroutine only tests start must be shown to work on what its
	// test made (a singleton from Default() is every test's).
	if !er.other && !own(r) || !es.other && !own(s) {
		return true
	}
	for t := range er.tests {
		if es.tests[t] {
			return true
		}
	}
	return false
}

// entriesOf walks fn's callers back to where their calls begin: through
// call sites and value references, the function a literal is written in,
// and the starters of the goroutines fn runs in.
func (a *analysis) entriesOf(fn *funcNode) entrySet {
	if e, ok := a.entries[fn]; ok {
		return e
	}
	e := entrySet{tests: make(map[*funcNode]bool)}
	seen := map[*funcNode]bool{fn: true}
	work := []*funcNode{fn}
	push := func(n *funcNode) {
		if n != nil && !seen[n] {
			seen[n] = true
			work = append(work, n)
		}
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		switch {
		case n.parent != nil:
			push(n.parent)
		case n.isInit || n.obj != nil && n.obj.Name() == "TestMain" && testEntry(n):
			e.every, e.other = true, true
		case testEntry(n):
			e.tests[n] = true
			continue
		case n.entry || len(n.callers) == 0 && len(n.rootOf) == 0:
			e.other = true
		}
		for _, cs := range n.callers {
			if cs.caller == nil {
				e.every, e.other = true, true // a package variable's initialiser
			}
			push(cs.caller)
		}
		for _, r := range n.rootOf {
			if r.spawner == nil {
				e.other = true
			}
			push(r.spawner)
		}
	}
	if a.entries == nil {
		a.entries = make(map[*funcNode]entrySet)
	}
	a.entries[fn] = e
	return e
}

// testEntry reports whether fn is a function the go command calls in a
// test binary: a top-level test, benchmark, fuzz function or example, or
// TestMain.
func testEntry(fn *funcNode) bool {
	if fn.obj == nil || fn.obj.Signature().Recv() != nil || !strings.HasSuffix(fn.file.Name, "_test.go") {
		return false
	}
	name := fn.obj.Name()
	return name == "TestMain" || strings.HasPrefix(name, "Example") || runsOnce(fn)
}
