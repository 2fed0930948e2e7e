package detect

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Confidence says how sure a finding is (docs/detection.md says what
// each level requires).
type Confidence string

// The confidences, from most to least sure.
const (
	Observed Confidence = "observed" // seen in a race log
	Certain  Confidence = "certain"  // conflicting accesses reached from distinct goroutine contexts
	Likely   Confidence = "likely"   // involves HTTP handlers or callback registrations
	Possible Confidence = "possible" // -exported: an exported function writes a package map unlocked
)

// rank orders confidences from most sure (0) to least.
func (c Confidence) rank() int {
	switch c {
	case Observed:
		return 0
	case Certain:
		return 1
	case Likely:
		return 2
	}
	return 3
}

// AtLeast reports whether c is as sure as min or surer.
func (c Confidence) AtLeast(min Confidence) bool { return c.rank() <= min.rank() }

// Evidence is one access of a conflicting pair.
type Evidence struct {
	Pos token.Pos
	// Op is "read", "write", "delete", "clear", "range", "len" or "print".
	Op string
	// Goroutine is the go statement (or other root: the registering call,
	// the ServeHTTP method) the access runs under; NoPos for the context
	// that spawns goroutines (main, tests, exported API).
	Goroutine token.Pos
	// Via names the callee, known only by its summary (Options.Summaries),
	// that makes the access when it is called at Pos; empty otherwise.
	Via string
	// Log is where a race log showed this access ("race.log:12", the
	// line of its report), or "" for evidence found by analysis.
	Log string
	// Held names the locks held at the access as their Lock calls write
	// them ("s.mu", "rw (read)" for a read lock), in source order of the
	// Lock calls; empty when none is or the access came from a race log.
	Held []string
}

// evidenceSite is what makes two pieces of evidence the same access: all
// of Evidence but the locks, which follow from it.
type evidenceSite struct {
	pos, goroutine token.Pos
	op, via, log   string
}

func (e Evidence) site() evidenceSite {
	return evidenceSite{pos: e.Pos, goroutine: e.Goroutine, op: e.Op, via: e.Via, log: e.Log}
}

// heldNames names the locks of held for Evidence.Held: a sync.Once
// standing in for a lock orders accesses but is not a lock one holds.
func heldNames(held []lockRef) []string {
	var out []string
	for _, l := range held {
		if l.once || l.expr == nil {
			continue
		}
		name := types.ExprString(l.expr)
		if l.read {
			name += " (read)"
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// Finding is a map class shared between goroutines without a common lock.
type Finding struct {
	Class *mapclass.Class
	// ID is the finding's stable name, the one -only takes and check
	// prints: pkgpath.Var, pkgpath.Type.Field, pkgpath.Func.local or
	// pkgpath.Type.Method.local (closures count as their function).
	ID      string
	Package string
	Name    string
	Kind    string // "var", "field", "local" or "param"
	Pos     token.Pos
	// Type is the map type relative to the package, e.g. "map[string]int".
	Type       string
	Confidence Confidence
	// Evidence holds the accesses of a few conflicting pairs: each pair
	// has a write and runs in two contexts that may overlap.
	Evidence []Evidence
	// Suggestion names the smaller fix when most accesses already hold a
	// lock: "hold s.mu at ..., as 5 other accesses do". Empty otherwise.
	Suggestion string
	// InTests is set when every access outside test files holds one lock
	// and only accesses in test files go without it: the race is the
	// tests', fixed by holding that lock there (Suggestion), and the
	// production map is never rewritten.
	InTests bool
	// Guard is the lock most accesses hold and the sites that go without
	// it, when there is one (see guard.go); nil otherwise.
	Guard *Guard
}

// Options tunes Run.
type Options struct {
	// Exported also reports, with confidence possible, package-level maps
	// that an exported function of a library package writes with no lock
	// held, since its callers may be concurrent.
	Exported bool
	// Summaries returns the summary of a function whose body is not
	// loaded (a function of a package analysed separately, as go vet
	// does), or nil. A call of such a function is then an access of the
	// maps it passes, as the summary says (see summary.go).
	Summaries func(*types.Func) *Summary
}

// maxPairs is how many conflicting pairs a finding's evidence shows.
const maxPairs = 3

// maxConflicts bounds the conflicting pairs collected per class.
const maxConflicts = 64

// Run finds the shared classes of prog, sorted by position.
func Run(prog *load.Program, classes *mapclass.Set, opts Options) []*Finding {
	return Prepare(prog, opts).Run(classes)
}

// Prepared is the part of the analysis that does not depend on the map
// classes: the call graph, the goroutine roots and where each function
// runs, the locks held, the sync.Once orderings. It only reads prog, so
// the classes can be built at the same time (mapclass.Build).
type Prepared struct {
	prog  *load.Program
	opts  Options
	g     *graph
	ext   []*extCall
	cx    *contexts
	locks *lockInfo
	once  *onceWalk
}

// Prepare analyses what of prog does not depend on its map classes.
func Prepare(prog *load.Program, opts Options) *Prepared {
	p := &Prepared{prog: prog, opts: opts, g: buildGraph(prog)}
	p.ext = p.g.externalCalls(opts.Summaries) // adds roots: before computeContexts
	p.g.scanBodies()                          // before the contexts: a joined loop root is not multi
	p.cx = p.g.computeContexts()
	p.locks = p.g.computeLocks()
	p.once = p.g.computeOnce()
	return p
}

// Run finds the shared classes among classes, which must be built from
// the program p was prepared for, sorted by position. It is called once.
func (p *Prepared) Run(classes *mapclass.Set) []*Finding {
	prog := p.prog
	a := &analysis{prog: prog, g: p.g, cx: p.cx, locks: p.locks, opts: p.opts, classes: classes}
	a.ext = externalAccesses(p.ext, classes)
	a.once = p.once
	a.prints = a.printAccesses(classes)
	a.pub = a.publishedMaps(classes)
	var out []*Finding
	for _, c := range classes.Classes {
		if f := a.class(c); f != nil {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := load.ComparePos(prog.Fset, out[i].Pos, out[j].Pos); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}

type analysis struct {
	prog    *load.Program
	classes *mapclass.Set
	g       *graph
	cx      *contexts
	locks   *lockInfo
	opts    Options
	// ext holds the accesses made by summarised callees, by class.
	ext map[*mapclass.Class][]*extAccess
	// once holds the sync.Once orderings (once.go).
	once *onceWalk
	// prints holds the reads of map fields by fmt and encoding/json
	// (print.go), by class.
	prints map[*mapclass.Class][]*extraUse
	// pub holds the classes of maps published through sync/atomic
	// (published.go).
	pub map[*mapclass.Class]*pubClass
	// cl memoises the locks held per context (ctxlocks.go).
	cl *ctxLocks
	// inst decides per-instance confinement (instance.go); made on first
	// use.
	inst *confinement
	// spawnReach caches, per root, the functions its spawner reaches
	// (witness.go).
	spawnReach map[*root]map[*funcNode]bool
	// copyMemo caches copySources (copies.go).
	copyMemo map[copyKey]copyResult
	// callersOf caches ancestors, and testsOnly caches testOnly
	// (testdriven.go).
	callersOf map[*funcNode]map[*funcNode]bool
	testsOnly map[*funcNode]bool
	// entries caches where the calls reaching a function begin
	// (testruns.go).
	entries map[*funcNode]entrySet
	// calls holds each function's static call sites (witness.go).
	calls map[*funcNode][]outCall
	// anchorMemo caches the anchors of each root (anchor.go).
	anchorMemo map[*root][2]map[binding]bool
	// binaries caches, per package under test, the packages its test
	// binary links (binaries.go).
	binaries map[string]map[string]bool
	// initMemo caches initOnly.
	initMemo map[*funcNode]bool
	// fromExported caches reachableFromExported.
	fromExported map[*funcNode]bool
	// reenter caches, per field and state, whether a state is entered
	// again (lifecycle.go).
	reenter map[string]bool
	// ownedMemo caches the ownership of fresh locals (owned.go).
	ownedMemo map[*types.Var]*ownership
	// goCalls maps the call of each go statement to its root.
	goCalls map[*ast.CallExpr]*root
	// memo caches ordered() for the class being analysed.
	memo map[orderKey]bool
	// handBack caches, per root, whether the class being analysed
	// leaves that root's spawner only after its wait (returned.go).
	handBack map[*root]bool
	// handedOff caches, per function literal, whether it is handed to
	// loaded code that does not call it (witness.go).
	handedOff map[*funcNode]bool
}

type orderKey struct {
	fn   *funcNode
	pos  token.Pos
	root int
	in   ctx
}

// ordered is graph.ordered for x's instance in context in (any context
// when in is not a goroutine's), cached per class.
func (a *analysis) ordered(x *access, in ctx, r *root, carried func(*funcNode, ast.Node) bool) bool {
	if in < 0 || x.spawned {
		in = outerCtx
	}
	k := orderKey{x.fn, x.use.Expr.Pos(), r.id, in}
	if v, ok := a.memo[k]; ok {
		return v
	}
	var inRoot *root
	var runs func(*funcNode) bool
	if in >= 0 {
		inRoot = a.g.roots[in]
		runs = func(fn *funcNode) bool { return containsCtx(a.cx.of[fn], in) }
	}
	v := a.g.ordered(x.fn, x.use.Expr.Pos(), r, carried, inRoot, runs)
	a.memo[k] = v
	return v
}

// orderedIn is ordered, also knowing the class: a local map handed back
// by its spawner only after its goroutines finished is ordered against
// them wherever it goes next.
func (a *analysis) orderedIn(c *mapclass.Class, local bool, x *access, in ctx, r *root, carried func(*funcNode, ast.Node) bool) bool {
	return a.ordered(x, in, r, carried) || local && a.handedBackAfterWait(c, r, x)
}

// access is one Use that touches the map's contents, with what the
// analysis knows about it.
type access struct {
	use   *mapclass.Use
	fn    *funcNode
	write bool
	ctxs  []ctx
	held  []lockRef
	keys  []string // see accessKeys
	via   string   // the summarised callee making the access, if any
	// spawned marks a builtin started with go (go delete(m, k)): it runs
	// in that go statement's root, whatever the function runs in.
	spawned bool
	// foreign marks an access of another class that holds the same
	// published map (published.go): it conflicts only with this class's
	// writes.
	foreign bool
}

// conflict is a pair of accesses that may run at the same time.
type conflict struct {
	a, b   *access
	ca, cb ctx
	// handoff marks a pair of a use after a send and the receiver's use
	// of the map, for a class of locals (handoff.go).
	handoff bool
}

func (a *analysis) class(c *mapclass.Class) *Finding {
	// Only maps declared where the user can change them are reported: a
	// map declared only in dependencies is their authors' business.
	if c.Root() == nil || !declaredWritable(a.prog.Fset, c) {
		return nil
	}
	var accs []*access
	anyWrite := false
	// A published map (published.go) is not fresh per call even when only
	// locals hold it.
	local := localOnly(c) && a.pub[c] == nil
	rel := &relative{g: a.g, params: make(map[*types.Var][]ctx), busy: make(map[*types.Var]bool), busyFn: make(map[*funcNode]bool), class: c}
	for _, u := range c.Uses {
		if !u.Op.IsAccess() || a.pub[c].private(u) {
			continue
		}
		ac := a.newAccess(u, local, rel)
		if ac.fn != nil && a.opts.Summaries == nil && a.g.dead(ac.fn) {
			// In code nothing runs. Only where the whole program is
			// loaded: analysed one package at a time (go vet), another
			// package's linkname directive is out of sight.
			continue
		}
		anyWrite = anyWrite || ac.write
		accs = append(accs, ac)
	}
	for _, ac := range a.summaryAccesses(c, local, rel) {
		anyWrite = anyWrite || ac.write
		accs = append(accs, ac)
	}
	for _, ac := range a.extraAccesses(c) {
		anyWrite = anyWrite || ac.write
		accs = append(accs, ac)
	}
	accs = a.dropConfined(c, accs) // per-instance field maps (instance.go)
	accs = a.dropOwned(accs)       // values not yet published (owned.go)
	if !anyWrite {
		return nil
	}
	a.memo = make(map[orderKey]bool)
	a.handBack = make(map[*root]bool)
	var conflicts []conflict
	// The search stops after maxConflicts pairs: enough for the evidence
	// and the suggestion, and it bounds the time spent on huge classes.
	for i, x := range accs {
		if len(conflicts) >= maxConflicts {
			break
		}
		for _, y := range accs[i:] {
			// A pair needs a write of this class: the accesses of other
			// classes of a published map (foreign) only take part.
			if !(x.write && !x.foreign) && !(y.write && !y.foreign) {
				continue
			}
			if shareKey(x.keys, y.keys) {
				continue
			}
			conflicts = append(conflicts, a.conflict(c, local, x, y)...)
		}
	}
	if local && len(conflicts) == 0 {
		conflicts = a.handoffConflicts(c, accs)
	}
	if len(conflicts) == 0 {
		if a.opts.Exported {
			return a.exported(c, accs)
		}
		return nil
	}
	f := a.newFinding(c)
	owners := fieldOwners(c)
	if hasVarSlot(c) {
		owners = nil // one package variable holds the map: one object
	}
	levels := make([]Confidence, len(conflicts))
	// A race of the tests' own unlocked accesses against goroutines the
	// tests start keeps its level: it is reported against the tests and
	// never rewritten (guard.go).
	locked := a.productionLocked(c, fieldOwners(c), accs)
	testsOwn := onlyTestsUnlocked(accs, conflicts)
	double := a.testDouble(c)
	for i, cf := range conflicts {
		levels[i] = a.witness(c, local, owners, cf)
		if double {
			levels[i] = Possible // testdriven.go
		}
		if locked && levels[i] != Possible && a.testDriven(cf, owners) && !(testsOwn && a.testStarted(cf)) {
			levels[i] = Possible // testdriven.go
		}
		if levels[i] == Likely && a.testServed(cf) {
			levels[i] = Possible // testdriven.go
		}
	}
	// The best-witnessed pairs first, then by position, so the evidence
	// is stable and shows the strongest case.
	order := make([]int, len(conflicts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return levels[order[i]].rank() < levels[order[j]].rank() })
	sorted := make([]conflict, len(conflicts))
	for i, k := range order {
		sorted[i] = conflicts[k]
	}
	conflicts = sorted
	f.Confidence = levels[order[0]]
	seen := make(map[evidenceSite]bool)
	pairs := 0
	for _, cf := range conflicts {
		if pairs == maxPairs {
			break
		}
		ea, eb := a.evidence(cf.a, cf.ca), a.evidence(cf.b, cf.cb)
		if !cf.a.write && cf.b.write {
			ea, eb = eb, ea
		}
		if seen[ea.site()] && seen[eb.site()] {
			continue
		}
		pairs++
		for _, e := range []Evidence{ea, eb} {
			if !seen[e.site()] {
				seen[e.site()] = true
				f.Evidence = append(f.Evidence, e)
			}
		}
	}
	f.Guard = a.guard(c, local, accs, conflicts)
	f.Suggestion = a.suggestion(f.Guard)
	f.InTests = f.Guard != nil && f.Guard.TestsOnly
	return f
}

// newAccess places a use of the class being analysed: its contexts
// (relative to the map's owner for local classes), and the locks held.
func (a *analysis) newAccess(u *mapclass.Use, local bool, rel *relative) *access {
	ac := &access{use: u, write: u.Op.IsWrite()}
	if f := u.Func(); f != nil {
		ac.fn = a.g.byAST[f]
	}
	switch r := a.spawnedBuiltin(u); {
	case r != nil:
		// go delete(m, k), go clear(m): the builtin runs on the new
		// goroutine itself.
		ac.ctxs, ac.spawned = []ctx{ctx(r.id)}, true
	case ac.fn == nil || a.initOnly(ac.fn, 0):
		// A package-level initialiser, or a function only init calls
		// (tests that also call it run one at a time).
		ac.ctxs = []ctx{initCtx}
	case local:
		ac.ctxs = rel.contexts(ac.fn, u.Expr)
	default:
		ac.ctxs = a.cx.of[ac.fn]
	}
	ac.held = a.heldAt(ac.fn, u.Expr)
	ac.keys = a.g.accessKeys(u.File.Package.TypesInfo, u.Expr, ac.held, ac.write)
	return ac
}

// initOnly reports whether fn runs only during initialisation: called
// (directly or through such functions) by init functions and package
// initialisers, and otherwise only from test files. Registries filled by
// Register functions are the common case.
func (a *analysis) initOnly(fn *funcNode, depth int) bool {
	if v, ok := a.initMemo[fn]; ok {
		return v
	}
	if a.initMemo == nil {
		a.initMemo = make(map[*funcNode]bool)
	}
	a.initMemo[fn] = false // cycles: not init-only
	v := depth < 4 && !fn.entry && len(fn.rootOf) == 0 && !fn.valueRef && len(fn.callers) > 0
	if a.testHook(fn) {
		// A hook only tests call, as its name says; like test code, it is
		// not taken to run beside the goroutines it would race with.
		a.initMemo[fn] = true
		return true
	}
	// A Register function fills a registry: by convention it is called
	// during initialisation, whoever calls it (documented so in
	// encoding.RegisterCodec, sql.Register, image.RegisterFormat...).
	registry := registerName(fn)
	if registry && len(fn.rootOf) == 0 && !fn.valueRef {
		v = true
	}
	fromInit := registry
	for _, cs := range fn.callers {
		if !v {
			break
		}
		switch {
		case cs.caller == nil || cs.caller.isInit:
			fromInit = true
		case strings.HasSuffix(cs.caller.file.Name, "_test.go") && !a.onGoroutine(cs.caller):
		case a.initOnly(cs.caller, depth+1):
			fromInit = true
		default:
			v = false
		}
	}
	v = v && fromInit
	a.initMemo[fn] = v
	return v
}

// testHook reports whether fn is, or is written inside, a function whose
// name says only tests call it (SetXForTesting, a literal stored in
// RegisterCompressorForTesting): the Go convention for test hooks
// exported from production code.
func (a *analysis) testHook(fn *funcNode) bool {
	for n := fn; n != nil; n = n.parent {
		if n.obj != nil && isTestHookName(n.obj.Name()) {
			return true
		}
		if lit, ok := n.node.(*ast.FuncLit); ok {
			var scope ast.Node = n.file.Syntax // var SetXForTesting = func(...) {...}
			if n.parent != nil && n.parent.body != nil {
				scope = n.parent.body
			}
			if isTestHookName(assignedName(scope, lit)) {
				return true
			}
		}
	}
	return false
}

func isTestHookName(name string) bool {
	return strings.HasSuffix(name, "ForTesting") || strings.HasSuffix(name, "ForTest")
}

// assignedName returns the name of the variable or field a function
// literal in scope is assigned to or declared with, or "".
func assignedName(scope ast.Node, lit *ast.FuncLit) string {
	name := ""
	ast.Inspect(scope, func(n ast.Node) bool {
		if name != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, r := range n.Rhs {
				if ast.Unparen(r) != lit {
					continue
				}
				switch l := ast.Unparen(n.Lhs[i]).(type) {
				case *ast.Ident:
					name = l.Name
				case *ast.SelectorExpr:
					name = l.Sel.Name
				}
			}
		case *ast.ValueSpec:
			for i, v := range n.Values {
				if ast.Unparen(v) == lit && i < len(n.Names) {
					name = n.Names[i].Name
				}
			}
		}
		return true
	})
	return name
}

// onlyTestsUnlocked reports whether every access outside test files holds
// a common lock, and every access of the conflicting pairs that does not
// hold it is in a test file.
func onlyTestsUnlocked(accs []*access, conflicts []conflict) bool {
	var common []string
	first := true
	for _, x := range accs {
		if x.foreign || inTestFile(x) {
			continue
		}
		var keys []string
		for _, k := range x.keys {
			if !isOnceKey(k) && !isModeKey(k) {
				keys = append(keys, k)
			}
		}
		if first {
			common, first = keys, false
			continue
		}
		var kept []string
		for _, k := range common {
			if hasKey(keys, k) {
				kept = append(kept, k)
			}
		}
		common = kept
	}
	if first || len(common) == 0 {
		return false // no production access, or no lock they all hold
	}
	for _, cf := range conflicts {
		for _, x := range []*access{cf.a, cf.b} {
			held := false
			for _, k := range common {
				held = held || hasKey(x.keys, k)
			}
			if !held && !inTestFile(x) {
				return false
			}
		}
	}
	return true
}

func inTestFile(x *access) bool { return strings.HasSuffix(x.use.File.Name, "_test.go") }

// declaredWritable reports whether some declaration of c is in a file of
// the user's (one mapfix may change, or a cgo file, which the user can
// change by hand though mapfix does not), and no package variable or
// struct field of the class is declared elsewhere: a map that lives in a
// dependency's variable or field (h := req.Header) is the dependency's,
// and a finding would name a declaration the user cannot change.
// Parameters and results of a dependency's functions do not count: a map
// the user passes to one is still the user's.
func declaredWritable(fset *token.FileSet, c *mapclass.Class) bool {
	user := false
	for _, s := range c.Slots {
		mine := s.File != nil && (s.File.Writable || s.File.Cgo)
		if !mine && (s.Kind == mapclass.Var || s.Kind == mapclass.Field) && inDependency(fset, s) {
			return false
		}
		user = user || mine
	}
	return user
}

// inDependency reports whether slot s is declared in a dependency's code:
// a loaded file mapfix may not write (generated, vendored, another
// module's), or, for a declaration known only from export data, a file
// of the standard library or the module cache. A package of the user's
// module that is not loaded (the analyzer sees one package at a time)
// is the user's.
func inDependency(fset *token.FileSet, s *mapclass.Slot) bool {
	if s.File != nil {
		return true
	}
	name := filepath.ToSlash(fset.Position(s.Obj.Pos()).Filename)
	goroot := filepath.ToSlash(build.Default.GOROOT)
	return strings.HasPrefix(name, "$GOROOT/") || (goroot != "" && strings.HasPrefix(name, goroot+"/")) ||
		strings.Contains(name, "/pkg/mod/") || strings.Contains(name, "/vendor/")
}

// onGoroutine reports whether fn may run on a goroutine a root starts.
func (a *analysis) onGoroutine(fn *funcNode) bool {
	for _, x := range a.cx.of[fn] {
		if x >= 0 {
			return true
		}
	}
	return false
}

// registerName reports whether fn is a package-level function named
// Register... or register...
func registerName(fn *funcNode) bool {
	d, ok := fn.node.(*ast.FuncDecl)
	if !ok || d.Recv != nil {
		return false
	}
	n := d.Name.Name
	return strings.HasPrefix(n, "Register") || strings.HasPrefix(n, "register")
}

// spawnedBuiltin returns the root of a go statement whose call is the
// builtin that makes use u (go delete(m, k)), or nil.
func (a *analysis) spawnedBuiltin(u *mapclass.Use) *root {
	call, ok := u.Node.(*ast.CallExpr)
	if !ok || len(u.Stack) == 0 {
		return nil
	}
	if a.goCalls == nil {
		a.goCalls = a.g.goRoots()
	}
	for i := len(u.Stack) - 1; i >= 0; i-- {
		if gs, ok := u.Stack[i].(*ast.GoStmt); ok {
			if gs.Call == call {
				return a.goCalls[call]
			}
			return nil
		}
	}
	return nil
}

// conflict returns the pairs of contexts in which x and y may run at the
// same time (a few: the witness needs a choice, not all of them).
func (a *analysis) conflict(c *mapclass.Class, local bool, x, y *access) []conflict {
	var out []conflict
	for _, cx := range x.ctxs {
		for _, cy := range y.ctxs {
			if shareKey(a.pairKeys(local, x, cx), a.pairKeys(local, y, cy)) {
				continue // both hold a lock their callers take on those goroutines
			}
			if local && a.ownElements(x, y) {
				continue // each iteration's own element of a slice of maps
			}
			if a.concurrent(c, local, x, cx, y, cy) {
				out = append(out, conflict{a: x, b: y, ca: cx, cb: cy})
				if len(out) == maxContextPairs {
					return out
				}
			}
		}
	}
	return out
}

// pairKeys returns the lock keys of x in context cx. The contexts of a
// local-only class are relative to the map's owner: a goroutine's is the
// goroutine's own, whose callers' locks count as elsewhere, but "outer"
// is the owner's activation, not the merged spawning context, so only
// the locks its callers all hold count there.
func (a *analysis) pairKeys(local bool, x *access, cx ctx) []string {
	if local && cx < 0 {
		return x.keys
	}
	return a.keysIn(x, cx)
}

// maxContextPairs bounds the context pairs kept for one pair of accesses.
const maxContextPairs = 4

func (a *analysis) concurrent(c *mapclass.Class, local bool, x *access, cx ctx, y *access, cy ctx) bool {
	if a.apartBinaries(x, cx, y, cy) {
		return false // never in one process
	}
	carried := carriedBy(c, local)
	switch {
	case cx == initCtx || cy == initCtx:
		return false // initialisation happens before any goroutine starts
	case cx == outerCtx && cy == outerCtx:
		return false
	case cx == outerCtx:
		return !a.orderedIn(c, local, x, cx, a.g.roots[cy], carried)
	case cy == outerCtx:
		return !a.orderedIn(c, local, y, cy, a.g.roots[cx], carried)
	case cx == cy:
		r := a.g.roots[cx]
		if local {
			return sharedAcrossInstances(c, r) || a.g.closureStartsMany(c, r)
		}
		return r.multi
	default:
		return !a.orderedIn(c, local, x, cx, a.g.roots[cy], carried) &&
			!a.orderedIn(c, local, y, cy, a.g.roots[cx], carried)
	}
}

func (a *analysis) likely(cf conflict) bool {
	for _, x := range []ctx{cf.ca, cf.cb} {
		if x >= 0 && a.g.roots[x].likely() {
			return true
		}
	}
	return false
}

func (a *analysis) evidence(x *access, c ctx) Evidence {
	e := Evidence{Pos: x.use.Expr.Pos(), Op: x.use.Op.String(), Via: x.via, Held: heldNames(x.held)}
	if c >= 0 {
		e.Goroutine = a.g.roots[c].pos
	}
	return e
}

// shareKey reports whether two accesses with the lock keys a and b cannot
// run at once: they hold a common guard, or one holds exclusively a lock
// the other holds in read mode (see isModeKey).
func shareKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y && !isModeKey(x) {
				return true
			}
			if x != y && isModeKey(x) && isModeKey(y) && x[:len(x)-len(sharedSuffix)] == y[:len(y)-len(sharedSuffix)] {
				return true // one ~r, one ~w: the same lock, one exclusive
			}
		}
	}
	return false
}

func (a *analysis) newFinding(c *mapclass.Class) *Finding {
	pkg, id, short, kind := name(c)
	root := c.Root()
	var qual types.Qualifier
	if root.Obj.Pkg() != nil {
		qual = types.RelativeTo(root.Obj.Pkg())
	}
	return &Finding{
		Class:   c,
		ID:      id,
		Package: pkg,
		Name:    short,
		Kind:    kind,
		Pos:     root.Pos(),
		Type:    types.TypeString(root.Obj.Type(), qual),
	}
}

func keyRank(k string) int {
	switch {
	case strings.HasPrefix(k, "r:"):
		return 0
	case strings.HasPrefix(k, "g:"):
		return 1
	case k == "":
		return 9
	}
	return 2
}

func hasKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// exported implements Options.Exported: a package-level map of a library
// package written with no lock held by an exported function (or code it
// calls) may be written by concurrent callers.
func (a *analysis) exported(c *mapclass.Class, accs []*access) *Finding {
	root := c.Root()
	if root.Kind != mapclass.Var || root.Obj.Pkg() == nil || root.Obj.Pkg().Name() == "main" {
		return nil
	}
	for _, x := range accs {
		// The function's own contexts, not the access's: a Register
		// function taken to run at initialisation is exactly what this
		// check asks about.
		if !x.write || len(x.held) > 0 || x.fn == nil || !containsCtx(a.cx.of[x.fn], outerCtx) {
			continue
		}
		if !a.reachableFromExported(x.fn) {
			continue
		}
		f := a.newFinding(c)
		f.Confidence = Possible
		f.Evidence = []Evidence{{Pos: x.use.Expr.Pos(), Op: x.use.Op.String(), Held: heldNames(x.held)}}
		for _, y := range accs {
			if y != x && y.fn != nil && containsCtx(a.cx.of[y.fn], outerCtx) {
				f.Evidence = append(f.Evidence, Evidence{Pos: y.use.Expr.Pos(), Op: y.use.Op.String(), Held: heldNames(y.held)})
				break
			}
		}
		return f
	}
	return nil
}

// reachableFromExported reports whether fn is, or is called from, an
// exported function or method of its package.
func (a *analysis) reachableFromExported(fn *funcNode) bool {
	if v, ok := a.fromExported[fn]; ok {
		return v
	}
	if a.fromExported == nil {
		a.fromExported = make(map[*funcNode]bool)
	}
	v := a.searchExported(fn)
	a.fromExported[fn] = v
	return v
}

func (a *analysis) searchExported(fn *funcNode) bool {
	seen := make(map[*funcNode]bool)
	work := []*funcNode{fn}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		if d, ok := n.node.(*ast.FuncDecl); ok && d.Name.IsExported() && !strings.HasSuffix(n.file.Name, "_test.go") {
			if d.Recv == nil || ast.IsExported(recvTypeName(d.Recv.List[0].Type)) {
				return true
			}
		}
		if n.parent != nil {
			work = append(work, n.parent)
		}
		for _, cs := range n.callers {
			if cs.caller != nil {
				work = append(work, cs.caller)
			}
		}
	}
	return false
}
