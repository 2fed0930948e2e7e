package detect

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Guard is the smaller fix of a finding: a lock that a majority of the
// class's accesses already hold, and the accesses that race without it.
// Holding the lock at those sites makes the map race-free without
// changing its type, which is what a maintainer would write by hand.
type Guard struct {
	// Lock names the lock as the code at the first site would, e.g. "s.mu".
	Lock string
	// RW is set when the lock is a sync.RWMutex: a site whose accesses
	// only read may take RLock.
	RW bool
	// Held counts the class's accesses that hold the lock, Total all of
	// its accesses.
	Held, Total int
	// TestsOnly is set when every production access holds the lock and
	// all unguarded sites are in test files.
	TestsOnly bool
	// Sites are the accesses that conflict without the lock, in file
	// order. Several may share one statement.
	Sites []GuardSite
}

// GuardSite is one access that does not hold the guard.
type GuardSite struct {
	// Use is the access (its Expr, Node, File and enclosing Stack).
	Use *mapclass.Use
	// Write is set when the access writes the map.
	Write bool
	// Stmt is the smallest statement enclosing the access, the one the
	// fix wraps in Lock and Unlock; or, when the lock moved up to the
	// callers (a helper also called with the lock held, or handed the
	// map), the statement of one call, in the caller's file.
	Stmt ast.Stmt
	// Lock is the lock expression as valid at Stmt, e.g. "c.mu".
	Lock string
	// Unsafe says why taking the lock around Stmt would be wrong (it
	// would deadlock or block under the lock); empty when it is safe.
	Unsafe string
}

// Majority reports whether the lock is held at more than half of the
// accesses, or the only unguarded ones are in tests: then the lock is
// clearly the one the code means, and -fix=auto takes it.
func (g *Guard) Majority() bool {
	return g != nil && (g.Held*2 > g.Total || g.TestsOnly)
}

// Fixable reports whether every site can take the lock.
func (g *Guard) Fixable() bool {
	if g == nil || len(g.Sites) == 0 {
		return false
	}
	for _, s := range g.Sites {
		if s.Unsafe != "" {
			return false
		}
	}
	return true
}

// guard finds the lock that guards most of a class's accesses and the
// accesses that race without it. "Most" is at least half of the accesses
// (Majority tells a strict majority, which -fix=auto asks for); a class
// whose production accesses all hold the lock and whose only unguarded
// ones are in tests has a guard whatever the count, since the fix then
// belongs in the tests.
func (a *analysis) guard(c *mapclass.Class, local bool, accs []*access, conflicts []conflict) *Guard {
	best, held, total := guardKey(accs)
	if best == "" {
		return nil
	}
	var unguarded []*access
	for _, x := range accs {
		if !x.foreign && !hasKey(x.keys, best) {
			unguarded = append(unguarded, x)
		}
	}
	testsOnly := onlyTestsUnlocked(accs, conflicts)
	if held*2 < total && !testsOnly {
		return nil
	}
	inConflict := make(map[*access]bool)
	for _, cf := range conflicts {
		inConflict[cf.a], inConflict[cf.b] = true, true
	}
	var sites []*access
	for _, x := range unguarded {
		if inConflict[x] || a.conflictsWithAny(c, local, x, accs) {
			sites = append(sites, x)
		}
	}
	if len(sites) == 0 {
		return nil
	}
	sortAccesses(a.prog.Fset, sites)
	example, exampleAcc := a.g.keys.guardExample(accs, best)
	if exampleAcc == nil {
		return nil
	}
	if isSemaphore(example) {
		return nil // a channel used as a semaphore: there is no Lock to write
	}
	g := &Guard{Held: held, Total: total, TestsOnly: testsOnly, RW: isRWLock(exampleAcc.use.File.Package.TypesInfo, example)}
	seen := make(map[ast.Stmt]bool)
	for _, x := range sites {
		for _, s := range a.guardSites(x, best, example, exampleAcc) {
			if s.Stmt != nil && s.Stmt != enclosingStmt(x.use.Stack) {
				if seen[s.Stmt] {
					continue // a call site already moved up for another access
				}
				seen[s.Stmt] = true
			}
			g.Sites = append(g.Sites, s)
		}
	}
	g.Lock = g.Sites[0].Lock
	if g.Lock == "" {
		g.Lock = lockText(sites[0].use.File.Package.TypesInfo, best, sites[0].use.Expr, example)
	}
	return g
}

// guardKey returns the key of the lock held at the most accesses (ties
// go to the lock named as the code around the accesses names it), how
// many hold it, and how many accesses there are.
func guardKey(accs []*access) (best string, n, total int) {
	count := make(map[string]int)
	for _, x := range accs {
		if x.foreign {
			continue // another class's access: it says nothing of this one's lock
		}
		total++
		for _, k := range x.keys {
			// A sync.Once orders, it is not a lock to hold; a mode key
			// says how a lock is held, not which.
			if !isOnceKey(k) && !isModeKey(k) {
				count[k]++
			}
		}
	}
	for k, c := range count {
		if c > n || (c == n && keyRank(k) < keyRank(best)) || (c == n && keyRank(k) == keyRank(best) && k < best) {
			best, n = k, c
		}
	}
	return best, n, total
}

// guardExample returns one place where the lock of key is held, and the
// access made there.
func (k *declKeys) guardExample(accs []*access, key string) (lockRef, *access) {
	for _, x := range accs {
		for _, l := range x.held {
			if hasKey(k.accessKeys(x.use.File.Package.TypesInfo, x.use.Expr, []lockRef{l}, false), key) {
				return l, x
			}
		}
	}
	return lockRef{}, nil
}

// conflictsWithAny reports whether x may run at the same time as some
// access of the class that does not share a lock with it, one of the two
// writing. The conflict search of class stops early on large classes;
// a site of the lock fix must not be missed for that.
func (a *analysis) conflictsWithAny(c *mapclass.Class, local bool, x *access, accs []*access) bool {
	for _, y := range accs {
		if !(x.write && !x.foreign) && !(y.write && !y.foreign) {
			continue
		}
		if !shareKey(x.keys, y.keys) && len(a.conflict(c, local, x, y)) > 0 {
			return true
		}
	}
	return false
}

// sortAccesses orders accesses by file and offset.
func sortAccesses(fset *token.FileSet, xs []*access) {
	sort.SliceStable(xs, func(i, j int) bool {
		return load.ComparePos(fset, xs[i].use.Expr.Pos(), xs[j].use.Expr.Pos()) < 0
	})
}

// isSemaphore reports whether the lock l is a channel used as one: there
// is no Lock to write for it.
func isSemaphore(l lockRef) bool {
	var t types.Type
	if len(l.path) > 0 {
		t = l.path[len(l.path)-1].Type()
	} else if l.base != nil {
		t = l.base.Type()
	}
	if t == nil {
		return false
	}
	_, isChan := t.Underlying().(*types.Chan)
	return isChan
}

// isRWLock reports whether the lock l is a sync.RWMutex (or a struct
// that promotes one's RLock).
func isRWLock(info *types.Info, l lockRef) bool {
	t := info.TypeOf(l.expr)
	if t == nil {
		return l.read
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "RLock")
	return obj != nil
}

// guardSites places the fix at one unguarded access: the statement to
// wrap, the lock as named there, and why it cannot be taken there, if so.
// An access in a helper that some callers call with the lock held takes
// the lock at the callers that do not hold it instead (it moves up one
// call), when that is safe.
func (a *analysis) guardSites(x *access, key string, example lockRef, exampleAcc *access) []GuardSite {
	s := GuardSite{Use: x.use, Write: x.write}
	s.Stmt = enclosingStmt(x.use.Stack)
	if s.Stmt == nil {
		s.Unsafe = "the access is not inside a function body"
		return []GuardSite{s}
	}
	s.Lock = a.siteLock(x, s.Stmt, key, example, exampleAcc)
	if s.Lock == "" {
		if lifted := a.liftParam(x, key, example, exampleAcc); lifted != nil {
			return lifted
		}
		s.Unsafe = fmt.Sprintf("the lock (%s) cannot be named the same way at this access", types.ExprString(example.expr))
		return []GuardSite{s}
	}
	ident := a.g.keys.lockIdentity(example)
	for _, l := range x.held {
		if !l.once && a.g.keys.lockIdentity(l) == ident {
			// The same lock, named another way (or another value's): taking
			// it again could deadlock, and the analysis cannot tell which.
			s.Unsafe = fmt.Sprintf("%s is held there already, as %s", s.Lock, types.ExprString(l.expr))
			return []GuardSite{s}
		}
	}
	if s.Unsafe = a.unsafeUnder(x, s.Stmt, s.Lock, example); s.Unsafe != "" {
		return []GuardSite{s}
	}
	if r := a.calledHolding(x.fn, ident, 0, make(map[*funcNode]bool)); r != "" {
		if lifted := a.liftToCallers(x, s, ident); lifted != nil {
			return lifted
		}
		s.Unsafe = r + fmt.Sprintf(", so taking %s in it would deadlock", s.Lock)
	}
	return []GuardSite{s}
}

// liftToCallers moves site s of access x to the call sites of x's
// function that do not hold the lock, naming the lock through the
// receiver or argument the call passes. It returns nil when a caller is
// unknown, is itself called with the lock held, or cannot take it.
func (a *analysis) liftToCallers(x *access, s GuardSite, ident string) []GuardSite {
	fn := x.fn
	if fn == nil || fn.valueRef || fn.entry || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		return nil
	}
	e, err := parser.ParseExpr(s.Lock)
	if err != nil {
		return nil
	}
	rootID := leftmostIdent(e)
	if rootID == nil {
		return nil
	}
	rest := strings.TrimPrefix(s.Lock, rootID.Name)
	return a.liftTo(x, ident, func(cs callSite, stmt ast.Stmt) string {
		text, root := a.calleeLockAt(fn, cs, rootID.Name, rest)
		if text == "" || !namesLock(a.g.keys, cs.caller.file.Package.Types, stmt.Pos(), text, root, ident) {
			return ""
		}
		return text
	})
}

// liftTo places the fix of access x at every call of its function that
// does not hold the lock identified by ident, naming the lock there with
// lockAt ("" when it cannot). It returns nil when a call is unknown, a
// caller is itself called with the lock held, or the lock cannot be
// named at some call.
func (a *analysis) liftTo(x *access, ident string, lockAt func(cs callSite, stmt ast.Stmt) string) []GuardSite {
	var out []GuardSite
	for _, cs := range x.fn.callers {
		if cs.caller == nil || cs.call == nil || cs.caller.body == nil {
			return nil
		}
		if a.g.keys.holdsIdentity(a.locks.heldAt(cs.caller, cs.pos), ident) {
			continue // the lock is held at this call already
		}
		if a.calledHolding(cs.caller, ident, 0, make(map[*funcNode]bool)) != "" {
			return nil
		}
		stmt := callStmt(cs)
		if stmt == nil {
			return nil
		}
		lock := lockAt(cs, stmt)
		if lock == "" {
			return nil
		}
		site := GuardSite{Use: x.use, Write: x.write, Stmt: stmt, Lock: lock}
		if r := a.blocksIn(cs.caller.file.Package.TypesInfo, stmt, ident, 0, make(map[*funcNode]bool), true); r != "" {
			site.Unsafe = fmt.Sprintf("%s would be held while it %s", lock, r)
		}
		out = append(out, site)
	}
	return out
}

// liftParam moves the site of an access through a map parameter (a
// helper handed s.m) to the calls of the helper, where the map's owner,
// and so its lock, can be named: over(a.totals, n) takes a.mu. It returns
// nil when some call cannot.
func (a *analysis) liftParam(x *access, key string, example lockRef, exampleAcc *access) []GuardSite {
	fn := x.fn
	base, path, ok := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	v, isVar := base.(*types.Var)
	if !ok || !isVar || len(path) > 0 || fn == nil || fn.parent != nil || fn.valueRef || fn.entry || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		return nil
	}
	idx := -1
	if sig := fn.signature(); sig != nil {
		for i := range sig.Params().Len() {
			if sig.Params().At(i) == v {
				idx = i
			}
		}
	}
	if idx < 0 {
		return nil
	}
	return a.liftTo(x, a.g.keys.lockIdentity(example), func(cs callSite, stmt ast.Stmt) string {
		if idx >= len(cs.call.Args) {
			return ""
		}
		return a.lockAt(cs.caller.file.Package, cs.call.Args[idx], stmt, key, example, exampleAcc)
	})
}

// callStmt returns the statement a lock goes around for call site cs.
func callStmt(cs callSite) ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(cs.caller.file.Syntax, cs.call.Pos(), cs.call.End())
	stack := make([]ast.Node, 0, len(path))
	for i := len(path) - 1; i >= 0; i-- {
		stack = append(stack, path[i])
	}
	return enclosingStmt(stack)
}

// calleeLockAt names, at call site cs, a lock that fn names as root+rest:
// through the call's receiver when root is fn's receiver, through the
// argument when it is a parameter, as is otherwise (a package lock).
func (a *analysis) calleeLockAt(fn *funcNode, cs callSite, root, rest string) (string, types.Object) {
	info := cs.caller.file.Package.TypesInfo
	arg := func(e ast.Expr) (string, types.Object) {
		o, ok := rootVar(info, e)
		if !ok {
			return "", nil
		}
		text := types.ExprString(e)
		switch ast.Unparen(e).(type) {
		case *ast.Ident, *ast.SelectorExpr:
		default:
			text = "(" + text + ")"
		}
		return text + rest, o
	}
	if rv := fn.recvVar(); rv != nil && rv.Name() == root {
		sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr)
		if !ok {
			return "", nil
		}
		return arg(sel.X)
	}
	if sig := fn.signature(); sig != nil {
		for i := range sig.Params().Len() {
			if sig.Params().At(i).Name() == root && i < len(cs.call.Args) {
				return arg(cs.call.Args[i])
			}
		}
	}
	scope := cs.caller.file.Package.Types.Scope().Innermost(cs.pos)
	if scope == nil {
		return "", nil
	}
	_, o := scope.LookupParent(root, cs.pos)
	return root + rest, o
}

// leftmostIdent returns the identifier a selector chain starts from.
func leftmostIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}

func (k *declKeys) holdsIdentity(held []lockRef, ident string) bool {
	for _, l := range held {
		if !l.once && k.lockIdentity(l) == ident {
			return true
		}
	}
	return false
}

// enclosingStmt returns the smallest statement around a use that a lock
// can be placed around: a statement of a block or case body. An access in
// the header of an if, for, switch or select (or in an else-if) puts the
// whole statement under the lock.
func enclosingStmt(stack []ast.Node) ast.Stmt {
	nodes := stack
	i := len(nodes) - 1
	for ; i >= 0; i-- {
		if _, ok := nodes[i].(ast.Stmt); ok {
			if _, isBlock := nodes[i].(*ast.BlockStmt); !isBlock {
				break
			}
		}
	}
	for i > 0 {
		switch nodes[i].(type) {
		case *ast.CaseClause, *ast.CommClause:
			i -= 2 // a clause's header: its block, then its switch or select
			continue
		}
		parent := nodes[i-1]
		if _, inList := parent.(*ast.BlockStmt); inList {
			return nodes[i].(ast.Stmt)
		}
		if cl, ok := parent.(*ast.CaseClause); ok && inBody(cl.Body, nodes[i]) {
			return nodes[i].(ast.Stmt)
		}
		if cl, ok := parent.(*ast.CommClause); ok && inBody(cl.Body, nodes[i]) {
			return nodes[i].(ast.Stmt)
		}
		// An if, for or switch header, an else-if, a labelled statement.
		i--
		if _, ok := nodes[i].(ast.Stmt); !ok {
			return nil
		}
	}
	return nil
}

func inBody(body []ast.Stmt, n ast.Node) bool {
	for _, s := range body {
		if s == n {
			return true
		}
	}
	return false
}

// siteLock names the guard's lock as valid at stmt: for a lock beside the
// map (s.mu beside s.m), the site's own owner expression with the lock's
// fields; for a package or captured lock, the lock as written where it is
// held. The name is type-checked at stmt and must denote the same lock,
// or siteLock returns "".
func (a *analysis) siteLock(x *access, stmt ast.Stmt, key string, example lockRef, exampleAcc *access) string {
	return a.lockAt(x.use.File.Package, x.use.Expr, stmt, key, example, exampleAcc)
}

// lockAt is siteLock for the map expression mapExpr of package pkg.
func (a *analysis) lockAt(pkg *packages.Package, mapExpr ast.Expr, stmt ast.Stmt, key string, example lockRef, exampleAcc *access) string {
	info := pkg.TypesInfo
	type candidate struct {
		text string
		root types.Object
	}
	var cands []candidate
	if strings.HasPrefix(key, "r:") {
		siteExpr := unindexMap(info, mapExpr)
		base, mpath, ok := a.g.owner(info, siteExpr) // through local aliases
		if !ok || len(mpath) == 0 {
			return ""
		}
		einfo := exampleAcc.use.File.Package.TypesInfo
		if _, epath, ok := decompose(einfo, unindexMap(einfo, exampleAcc.use.Expr)); ok && len(epath) > 0 && a.g.keys.hasPrefix(example.path, epath[:len(epath)-1]) {
			if sel, ok := ast.Unparen(siteExpr).(*ast.SelectorExpr); ok {
				if root, ok := rootVar(info, sel.X); ok {
					cands = append(cands, candidate{types.ExprString(sel.X) + fieldNames(example.path[len(epath)-1:]), root})
				}
			}
		}
		cands = append(cands, candidate{base.Name() + fieldNames(example.path), base})
	} else {
		cands = append(cands, candidate{types.ExprString(example.expr), example.base})
	}
	for _, c := range cands {
		if namesLock(a.g.keys, pkg.Types, stmt.Pos(), c.text, c.root, a.g.keys.lockIdentity(example)) {
			return c.text
		}
	}
	return ""
}

// fieldNames renders a field path as selectors, leaving out embedded
// fields (s.Lock() locks s's embedded Mutex).
func fieldNames(path []*types.Var) string {
	var b strings.Builder
	for _, f := range path {
		if !f.Embedded() {
			b.WriteString("." + f.Name())
		}
	}
	return b.String()
}

// namesLock type-checks text as if written at pos in pkg and reports
// whether it starts at the variable root, ends at the lock identified by
// ident (or at a value that embeds it), and has a Lock method.
func namesLock(k *declKeys, pkg *types.Package, pos token.Pos, text string, root types.Object, ident string) bool {
	e, err := parser.ParseExpr(text)
	if err != nil {
		return false
	}
	info := &types.Info{Types: make(map[ast.Expr]types.TypeAndValue), Uses: make(map[*ast.Ident]types.Object), Selections: make(map[*ast.SelectorExpr]*types.Selection)}
	if err := types.CheckExpr(k.fset, pkg, pos, e, info); err != nil {
		return false
	}
	x := e
	for {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = sel.X
	}
	id, ok := x.(*ast.Ident)
	if !ok || k.of(info.Uses[id]) != k.of(root) {
		return false
	}
	last := info.Uses[id]
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil {
			last = s.Obj()
		}
	}
	if k.of(last) != ident {
		// s.Lock() with an embedded Mutex: the text ends at the owner.
		tv := info.Types[e]
		if tv.Type == nil || !embedsLock(k, tv.Type, ident) {
			return false
		}
	}
	obj, _, _ := types.LookupFieldOrMethod(info.Types[e].Type, true, pkg, "Lock")
	_, isFunc := obj.(*types.Func)
	return isFunc
}

// embedsLock reports whether struct type t (or what it points to) has
// the embedded field identified by ident, directly or through other
// embedded fields (s.Lock() promoted from a mutex two levels down).
func embedsLock(k *declKeys, t types.Type, ident string) bool {
	for depth := 0; depth < 4; depth++ {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return false
		}
		var next types.Type
		for i := range st.NumFields() {
			f := st.Field(i)
			if !f.Embedded() {
				continue
			}
			if k.of(f) == ident {
				return true
			}
			if next == nil {
				next = f.Type()
			} else if embedsLock(k, f.Type(), ident) {
				return true
			}
		}
		if next == nil {
			return false
		}
		t = next
	}
	return false
}

// maxGuardDepth bounds how deep the safety checks follow calls.
const maxGuardDepth = 4

// unsafeUnder says why holding the lock around stmt could deadlock or
// block with the lock held, or returns "". Calls are followed into loaded
// bodies; a call through an interface or function value, whose target is
// unknown, is not taken under the lock.
func (a *analysis) unsafeUnder(x *access, stmt ast.Stmt, lock string, example lockRef) string {
	info := x.use.File.Package.TypesInfo
	ident := a.g.keys.lockIdentity(example)
	switch stmt.(type) {
	case *ast.GoStmt:
		return "the access is in a go statement, whose call runs on the new goroutine"
	case *ast.DeferStmt:
		return "the access is in a defer statement, whose call runs when the function returns"
	}
	if rs, ok := stmt.(*ast.RangeStmt); ok && x.use.Node == ast.Node(rs) {
		if call := a.firstCall(info, rs.Body); call != nil {
			return fmt.Sprintf("it ranges over the map and the loop calls %s at %s: %s would be held across every iteration", types.ExprString(call.Fun), a.prog.Rel(call.Pos()), lock)
		}
	}
	if r := a.blocksIn(info, stmt, ident, 0, make(map[*funcNode]bool), true); r != "" {
		return fmt.Sprintf("%s would be held while it %s", lock, r)
	}
	if label := a.jumpedHolding(x.fn, stmt, ident); label != "" {
		return fmt.Sprintf("a goto %s reaches it with %s held, so taking it there would deadlock", label, lock)
	}
	return ""
}

// jumpedHolding returns the label of a goto that reaches stmt (the
// label comes before stmt in the block that holds it) with the lock
// identified by ident held, or "".
func (a *analysis) jumpedHolding(fn *funcNode, stmt ast.Stmt, ident string) string {
	if fn == nil || fn.body == nil || len(a.locks.jumps[fn]) == 0 {
		return ""
	}
	found := ""
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found != "" {
			return false
		}
		l, ok := n.(*ast.LabeledStmt)
		if !ok || len(stack) == 0 || stmt.Pos() < l.Pos() {
			return true
		}
		block := stack[len(stack)-1]
		if block.Pos() > stmt.Pos() || stmt.End() > block.End() {
			return true
		}
		for _, held := range a.locks.jumps[fn][l.Label.Name] {
			if a.g.keys.holdsIdentity(held, ident) {
				found = l.Label.Name
			}
		}
		return true
	})
	return found
}

// firstCall returns the first call in n of loaded code or through an
// interface or function value: not of a builtin, a conversion or a
// function outside the loaded code (slices.Contains, t.Sub), which can
// neither take the lock nor, but for the waits callUnder knows, block.
func (a *analysis) firstCall(info *types.Info, n ast.Node) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found != nil {
			return false
		}
		if !ok || isBuiltinOrConversion(info, call) {
			return true
		}
		if fns, dispatch := a.g.callees(info, call); len(fns) > 0 || dispatch || typeutil.StaticCallee(info, call) == nil {
			found = call
		}
		return true
	})
	return found
}

func isBuiltinOrConversion(info *types.Info, call *ast.CallExpr) bool {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		_, builtin := info.Uses[id].(*types.Builtin)
		return builtin
	}
	return false
}

// blocksIn walks n (a statement, or a body reached by a call) for what
// must not happen under the lock identified by ident: a channel
// operation, a wait, a Lock of the same lock, or (at the top only) a call
// whose target is unknown. It says what it found, or "".
func (a *analysis) blocksIn(info *types.Info, n ast.Node, ident string, depth int, seen map[*funcNode]bool, top bool) string {
	var reason string
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if reason != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs later, if at all; called in place below
		case *ast.SendStmt:
			reason = "sends on a channel at " + a.prog.Rel(n.Pos())
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				reason = "receives from a channel at " + a.prog.Rel(n.Pos())
			}
		case *ast.SelectStmt:
			reason = "selects on channels at " + a.prog.Rel(n.Pos())
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, isChan := t.Underlying().(*types.Chan); isChan {
					reason = "ranges over a channel at " + a.prog.Rel(n.Pos())
				}
			}
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				for _, arg := range n.Args {
					ast.Inspect(arg, visit)
				}
				ast.Inspect(lit.Body, visit)
				return false
			}
			reason = a.callUnder(info, n, ident, depth, seen, top)
		}
		return reason == ""
	}
	ast.Inspect(n, visit)
	return reason
}

// callUnder checks one call made with the lock held (see blocksIn).
func (a *analysis) callUnder(info *types.Info, call *ast.CallExpr, ident string, depth int, seen map[*funcNode]bool, top bool) string {
	if isBuiltinOrConversion(info, call) {
		return ""
	}
	at := a.prog.Rel(call.Pos())
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		switch op := mutexOp(fn); op {
		case "Lock", "RLock":
			w := &lockWalker{g: a.g, info: info}
			if l, _, ok := w.mutexCall(call); ok && a.g.keys.lockIdentity(l) == ident {
				return "takes it again at " + at
			}
		}
		switch calleeName(fn) {
		case "time.Sleep", "sync.WaitGroup.Wait", "sync.Cond.Wait":
			return "waits in " + calleeName(fn) + " at " + at
		}
	}
	fns, dispatch := a.g.callees(info, call)
	if len(fns) == 0 || dispatch {
		if typeutil.StaticCallee(info, call) != nil || !top {
			return "" // a function outside the loaded code, or too deep to tell
		}
		return fmt.Sprintf("calls %s at %s, whose target (an interface method or function value) might take it or block", types.ExprString(call.Fun), at)
	}
	if depth >= maxGuardDepth {
		return ""
	}
	for _, fn := range fns {
		if fn.body == nil || seen[fn] {
			continue
		}
		seen[fn] = true
		if r := a.blocksIn(fn.file.Package.TypesInfo, fn.body, ident, depth+1, seen, false); r != "" {
			return fmt.Sprintf("calls %s at %s, which %s", fn.name, at, r)
		}
	}
	return ""
}

// calledHolding reports a caller of fn (a few calls up) that holds the
// lock identified by ident at the call: fn then runs with the lock held
// on that path, and taking it in fn would deadlock.
func (a *analysis) calledHolding(fn *funcNode, ident string, depth int, seen map[*funcNode]bool) string {
	if fn == nil || depth >= maxGuardDepth || seen[fn] {
		return ""
	}
	seen[fn] = true
	if hasLockContract(fn) {
		// By its name or doc comment, its callers hold the lock, even
		// where mapfix cannot see them (a table of function values).
		for _, l := range contractOf(fn).mutexes {
			if a.g.keys.lockIdentity(l) == ident {
				return fmt.Sprintf("%s says its callers hold %s%s", fn.name, l.base.Name(), fieldNames(l.path))
			}
		}
	}
	for _, cs := range fn.callers {
		if cs.caller == nil {
			continue
		}
		for _, l := range a.locks.heldAt(cs.caller, cs.pos) {
			if !l.once && a.g.keys.lockIdentity(l) == ident {
				return fmt.Sprintf("%s is also called with %s held (at %s)", fn.name, types.ExprString(l.expr), a.prog.Rel(cs.pos))
			}
		}
		if r := a.calledHolding(cs.caller, ident, depth+1, seen); r != "" {
			return r
		}
	}
	return ""
}

// suggestion renders the guard as the finding's smaller fix: "hold s.mu
// (Lock) at a.go:3:2, as 4 other accesses do".
func (a *analysis) suggestion(g *Guard) string {
	if !g.Fixable() {
		return "" // not where some site would deadlock or block: the fix line says why
	}
	var where []string
	verb := "Lock"
	if g.RW {
		verb = "RLock"
	}
	for i, s := range g.Sites {
		if s.Write {
			verb = "Lock"
		}
		switch {
		case i < 3:
			pos := s.Use.Expr.Pos()
			if pos < s.Stmt.Pos() || pos >= s.Stmt.End() {
				pos = s.Stmt.Pos() // moved up to a call of the helper
			}
			where = append(where, a.prog.Rel(pos))
		case i == 3:
			where = append(where, fmt.Sprintf("and %d more", len(g.Sites)-3))
		}
	}
	others := "accesses do"
	if g.Held == 1 {
		others = "access does"
	}
	return fmt.Sprintf("hold %s (%s) at %s, as %d other %s", g.Lock, verb, strings.Join(where, ", "), g.Held, others)
}
