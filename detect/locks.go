package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A lockRef names a mutex by the variable it is reached from and the
// fields on the way: s.mu is {s, [mu]}, a package var mu is {mu, nil}.
type lockRef struct {
	base types.Object
	path []*types.Var
	read bool     // held with RLock
	expr ast.Expr // as written at the Lock call, for messages
	// once marks a sync.Once standing in for a lock (once.go): held
	// exclusively (read unset) inside the function passed to Do, shared
	// (read set) after a Do on it.
	once bool
}

// interval is the lockset held over a range of source: a simple
// statement, or the header of a compound one.
type interval struct {
	pos, end token.Pos
	held     []lockRef
}

// lockInfo holds the locksets of every function.
type lockInfo struct {
	g         *graph
	intervals map[*funcNode][]interval
	// jumps holds, per function and label, the locks held at each goto
	// to that label (see guard.go: a label reached with a lock held
	// cannot take it again).
	jumps map[*funcNode]map[string][][]lockRef
	// entry is the lockset a function inherits from its callers: the locks
	// held at every one of its static call sites.
	entry map[*funcNode][]lockRef
	// deferHeld holds, per deferred call, the locks still held when it
	// runs at return (its call site is placed at the closing brace).
	deferHeld map[*ast.CallExpr][]lockRef
	// bareBusy guards callsParamBare against asking itself again through
	// the contracts it checks.
	bareBusy map[*funcNode]bool
	// exprValues holds the methods named by a method expression that is
	// not called on the spot ((*store).pickLocked kept in a variable);
	// made on first use.
	exprValues map[*types.Func]bool
}

// computeLocks walks every function body once, then lets functions inherit
// the locks held at all of their call sites.
func (g *graph) computeLocks() *lockInfo {
	li := &lockInfo{g: g, intervals: make(map[*funcNode][]interval), entry: make(map[*funcNode][]lockRef), jumps: make(map[*funcNode]map[string][][]lockRef), deferHeld: make(map[*ast.CallExpr][]lockRef)}
	exit := g.exitLocks(nil)
	for _, fn := range g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		w := &lockWalker{g: g, info: info, fn: fn, exit: exit, sems: semaphores(info, fn.body)}
		w.block(fn.body.List, nil)
		li.intervals[fn] = w.out
		for call, held := range w.deferred {
			li.deferHeld[call] = held
		}
		if len(w.gotos) > 0 {
			li.jumps[fn] = w.gotos
		}
	}
	li.inherit()
	li.handedLocks()
	li.callbackLocks()
	li.argumentLocks()
	li.localClosureLocks()
	return li
}

// heldAt returns the locks held at pos in fn, including inherited ones.
func (li *lockInfo) heldAt(fn *funcNode, pos token.Pos) []lockRef {
	if fn == nil {
		return nil
	}
	var best *interval
	ivs := li.intervals[fn]
	for i := range ivs {
		iv := &ivs[i]
		if iv.pos <= pos && pos < iv.end && (best == nil || iv.end-iv.pos < best.end-best.pos) {
			best = iv
		}
	}
	var held []lockRef
	if best != nil {
		held = append(held, best.held...)
	}
	return append(held, li.entry[fn]...)
}

// inherit computes entry locksets: a function whose every call site (all
// known, none through a function value or a root) holds a lock holds it
// too. A lock reached from the receiver or a parameter is translated to
// the callee's receiver or parameter. Iterated so that chains of helpers
// inherit as well.
func (li *lockInfo) inherit() {
	for round := 0; round < 12; round++ {
		changed := false
		for _, fn := range li.g.funcs {
			if want := li.contractEntry(fn); want != nil {
				// By its word, with callers mapfix cannot all see and
				// none it sees going without (contractEntry); given in
				// the rounds, so that what it calls inherits the lock.
				if len(want) != len(li.entry[fn]) {
					li.entry[fn] = want
					changed = true
				}
				continue
			}
			local := li.g.isLocalFunc(fn)
			if len(fn.callers) == 0 || fn.valueRef || len(fn.rootOf) > 0 || fn.entry || (fn.obj == nil && !local) {
				continue
			}
			common, ok := li.commonAtCallers(fn, local, true)
			if ok && common == nil {
				// Every caller says its own callers hold the lock: take
				// the locks they show.
				common, ok = li.commonAtCallers(fn, local, false)
			}
			if !ok || len(common) == 0 {
				continue
			}
			if len(common) != len(li.entry[fn]) {
				li.entry[fn] = common
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// commonAtCallers returns the locks held at every call site of fn, in
// fn's terms; with trusting, the sites in functions that say their
// callers hold a lock are left out when their own callers hold that lock
// (see vouches). ok is false when some call site is unknown; common is
// nil when no site was counted.
func (li *lockInfo) commonAtCallers(fn *funcNode, local, trusting bool) (common []lockRef, ok bool) {
	counted := false
	var trusted []callSite
	add := func(cs callSite) {
		var held []lockRef
		if local {
			held = capturedLocks(fn, li.heldAtSite(cs))
		} else {
			held = li.translate(cs, fn, li.heldAtSite(cs))
		}
		if !counted {
			common, counted = held, true
			if common == nil {
				common = []lockRef{}
			}
			return
		}
		common = li.g.keys.intersect(common, held)
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil {
			return nil, false
		}
		if trusting && !local && cs.caller != fn && hasLockContract(cs.caller) && !li.breaksContract(cs.caller) {
			// A call made where the caller's own callers hold the lock
			// (flushLocked), by its word: it holds what the other callers
			// show, if its callers hold that (vouches).
			trusted = append(trusted, cs)
			continue
		}
		add(cs)
	}
	for _, cs := range trusted {
		if !counted || !li.onOwnValue(cs) || !li.vouches(cs, common) {
			add(cs)
		}
	}
	return common, true
}

// onOwnValue reports whether call site cs, in a method with a lock
// contract, calls its callee on the method's own value: its receiver, a
// value reached from it, or a local assigned only from such
// (s.db.maybeSchedule(), oldSnap.closeLocked() with oldSnap :=
// es.mu.snap). A lock its callers hold
// says nothing about a value handed in beside (moveLocked(src, dst)
// holding src's lock, calling dst.addJob).
func (li *lockInfo) onOwnValue(cs callSite) bool {
	c := cs.caller
	if c.obj == nil || c.obj.Signature().Recv() == nil {
		return false
	}
	sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return true // a function: its parameters are matched by translation
	}
	info := c.file.Package.TypesInfo
	recv := c.recvVar()
	root, ok := rootVar(info, sel.X)
	for range 4 {
		if !ok || root == types.Object(recv) {
			return ok
		}
		// A local drawn from the receiver (oldSnap := es.mu.snap) is
		// the receiver's; any other root (a parameter, d := dst) is not.
		lv, isVar := root.(*types.Var)
		if !isVar || isPackageVar(lv) || li.g.params[lv] {
			return false
		}
		var from ast.Expr
		if !onlyAssigned(c, lv, func(e ast.Expr) bool { from = e; return true }, false) || from == nil {
			return false
		}
		root, ok = rootVar(info, from)
	}
	return false
}

// receiverPath returns the field path from cs.caller's receiver to the
// value cs calls its callee on (s.db for s.db.maybeSchedule()), and
// whether that value is reached from the receiver at all.
func (li *lockInfo) receiverPath(cs callSite) ([]*types.Var, bool) {
	recv := cs.caller.recvVar()
	sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr)
	if recv == nil || !ok {
		return nil, false
	}
	base, path, ok := decompose(cs.caller.file.Package.TypesInfo, sel.X)
	if !ok || base != types.Object(recv) {
		return nil, false
	}
	return path, true
}

// vouches reports whether every call of contract function fn that the
// lock analysis follows holds a lock like one of want: the same mutex
// field (or package lock), held as exclusively. The callers' locks may
// not translate into fn's terms (a DB's lock held around a call on one of
// the DB's snapshots), so they are compared by what they are, not by
// the value they lock. A caller with a contract of its own vouches as far
// as its callers do.
func (li *lockInfo) vouches(cs callSite, want []lockRef) bool {
	fn := cs.caller
	// Only a lock of a value reached through a pointer may be matched by
	// field: the callee's (s.db.mu), or the one fn's contract names on
	// the value it calls the callee on (closeLocked, whose callers hold
	// s.db.mu, calling s.db.maybeSchedule()). A lock on a value fn was
	// merely handed must come with the call: a caller of
	// a.moveToLocked(b) holding a.mu does not hold b.mu.
	var viaPointer []lockRef
	callPath, onRecv := li.receiverPath(cs)
	for _, o := range contractOf(fn).mutexes {
		// The lock is on the value the call is made on: closeLocked's
		// s.db.mu for s.db.maybeSchedule(), not for s.next.db.addJob().
		if throughPointer(o.path) && onRecv && len(callPath) <= len(o.path) && slices.Equal(o.path[:len(callPath)], callPath) {
			viaPointer = append(viaPointer, o)
		}
	}
	want = slices.DeleteFunc(slices.Clone(want), func(w lockRef) bool {
		return !throughPointer(w.path) && !slices.ContainsFunc(viaPointer, func(o lockRef) bool {
			return li.g.keys.lockIdentity(o) == li.g.keys.lockIdentity(w)
		})
	})
	return len(want) > 0 && li.vouchesAt(fn, want, 0)
}

func (li *lockInfo) vouchesAt(fn *funcNode, want []lockRef, depth int) bool {
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil || li.runsUnseen(cs.caller) {
			continue
		}
		if hasLockContract(cs.caller) && cs.caller != fn {
			if depth >= maxContractChain || !li.vouchesAt(cs.caller, want, depth+1) {
				return false
			}
			continue
		}
		found := false
		for _, l := range li.heldAtSite(cs) {
			for _, w := range want {
				if !l.once && li.g.keys.lockIdentity(l) == li.g.keys.lockIdentity(w) && (!l.read || w.read) {
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// capturedLocks keeps, of the locks held where a local closure is called,
// those the closure sees by the same name: package locks and locks
// reached from variables declared outside the closure.
func capturedLocks(lit *funcNode, held []lockRef) []lockRef {
	var out []lockRef
	for _, l := range held {
		if isPackageVar(l.base) || l.base.Pos() < lit.node.Pos() || l.base.Pos() >= lit.node.End() {
			out = append(out, l)
		}
	}
	return out
}

func (li *lockInfo) heldAtSite(cs callSite) []lockRef {
	return append(li.heldAt(cs.caller, cs.pos), li.deferHeld[cs.call]...)
}

// translate maps the locks held at a call site into the callee's terms:
// package-level locks stay, locks reached from the receiver or an argument
// variable move to the callee's receiver or parameter; others are dropped.
func (li *lockInfo) translate(cs callSite, callee *funcNode, held []lockRef) []lockRef {
	info := cs.caller.file.Package.TypesInfo
	sig := callee.obj.Signature()
	var out []lockRef
	for _, l := range held {
		if isPackageVar(l.base) {
			out = append(out, l)
			continue
		}
		// The receiver: x.f() where x is the lock's base.
		if sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); ok && sig.Recv() != nil {
			b, rpath, ok := li.g.owner(info, sel.X)
			if !ok {
				b, ok = rootVar(info, sel.X) // c.buckets[i].add()
				rpath = nil
			}
			if ok && li.g.keys.of(b) == li.g.keys.of(l.base) && callee.recvVar() != nil {
				t := l
				t.base = callee.recvVar()
				if len(rpath) > 0 && li.g.keys.hasPrefix(l.path, rpath) {
					// x.y.m() under x.y.mu: the receiver's own mu.
					extra := t
					extra.path = l.path[len(rpath):]
					out = append(out, extra)
				}
				out = append(out, t)
				continue
			}
		}
		for i, a := range cs.call.Args {
			if i >= sig.Params().Len() {
				break
			}
			b, path, ok := li.g.owner(info, a)
			if !ok || li.g.keys.of(b) != li.g.keys.of(l.base) {
				continue
			}
			_, isMap := sig.Params().At(i).Type().Underlying().(*types.Map)
			switch {
			case len(path) == 0 || isMap:
				// The owner itself, or a map of the owner's: the callee's
				// parameter stands for it, and the lock stays at the same
				// path from the map's owner (see accessKeys).
				t := l
				t.base = sig.Params().At(i)
				out = append(out, t)
			case li.g.keys.hasPrefix(l.path, path):
				// f(mset.batches) under mset.batches.mu: the parameter
				// is the struct whose mu is held.
				t := l
				t.base = sig.Params().At(i)
				t.path = l.path[len(path):]
				out = append(out, t)
			}
		}
		if li.onceLocal(cs, l) {
			// A mutex of main's or a test's own (var mu sync.Mutex, which a
			// goroutine's literal shares): the callee cannot name it, but it
			// is held there all the same, as it is in a closure that
			// captures it.
			out = append(out, l)
		}
	}
	return out
}

// onceLocal reports whether lock l, held at call site cs, is a mutex
// variable declared in the body of a function that runs once per program
// or test (main, a TestXxx function), outside any loop and any literal,
// which cs's caller is or is nested in: every goroutine that names it
// then holds the one mutex. A function that may run several times at
// once (a handler, one started twice) has a mutex per run, and so does a
// loop's body. A call that is handed the mutex itself (mu.Unlock as a
// callback) may let it go inside.
func (li *lockInfo) onceLocal(cs callSite, l lockRef) bool {
	v, ok := l.base.(*types.Var)
	if !ok || v.IsField() || isPackageVar(v) || li.g.params[v] {
		return false
	}
	var decl *funcNode
	for n := cs.caller; n != nil; n = n.parent {
		if n.body != nil && contains(n.body, v.Pos()) {
			decl = n
			break
		}
	}
	// decl is the innermost function whose body declares v: a literal
	// has no obj, so a mutex declared in one is never taken.
	if decl == nil || decl.obj == nil || !runsOnce(decl) || decl.loopAt(v.Pos()) != nil {
		return false
	}
	info := cs.caller.file.Package.TypesInfo
	for _, a := range cs.call.Args {
		if mentionsVar(info, a, v) {
			return false
		}
	}
	return true
}

// runsOnce reports whether fn is main.main or a top-level test, benchmark
// or fuzz function: the go command runs it once.
func runsOnce(fn *funcNode) bool {
	name := fn.obj.Name()
	if fn.obj.Signature().Recv() != nil {
		return false
	}
	if name == "main" && fn.obj.Pkg() != nil && fn.obj.Pkg().Name() == "main" {
		return true
	}
	if !strings.HasSuffix(fn.file.Name, "_test.go") {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz"} {
		if strings.HasPrefix(name, prefix) && fn.obj.Signature().Params().Len() == 1 {
			return true
		}
	}
	return false
}

// mentionsVar reports whether e names v anywhere.
func mentionsVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// recvVar returns the receiver variable of a method declaration.
func (fn *funcNode) recvVar() *types.Var {
	if fn.obj == nil || fn.obj.Signature().Recv() == nil {
		return nil
	}
	d, ok := fn.node.(*ast.FuncDecl)
	if !ok || d.Recv == nil || len(d.Recv.List) == 0 || len(d.Recv.List[0].Names) == 0 {
		return nil
	}
	v, _ := fn.file.Package.TypesInfo.Defs[d.Recv.List[0].Names[0]].(*types.Var)
	return v
}

// intersect keeps the locks of a also in b, in the weaker mode of the two.
func (k *declKeys) intersect(a, b []lockRef) []lockRef {
	var out []lockRef
	for _, x := range a {
		for _, y := range b {
			if k.sameLock(x, y) {
				x.read = x.read || y.read
				out = append(out, x)
				break
			}
		}
	}
	return out
}

func isPackageVar(o types.Object) bool {
	v, ok := o.(*types.Var)
	return ok && !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// lockWalker walks one function body in statement order.
type lockWalker struct {
	g    *graph
	info *types.Info
	fn   *funcNode
	out  []interval
	// once is set when the walker computes sync.Once orderings instead of
	// mutex locksets (once.go).
	once *onceWalk
	// exit holds the locks functions return with, and sems the channel
	// expressions used as semaphores in fn (lockforms.go); nil while the
	// exit locks themselves are computed.
	exit map[*funcNode][]lockRef
	sems map[string]bool
	// gotos holds, per label, the locks held at each goto that jumps
	// forward to it.
	gotos map[string][][]lockRef
	// deferUnlocks are the locks whose release was deferred so far, and
	// deferred the locks still held when each deferred call runs: those
	// held at its defer statement whose deferred release was registered
	// before it (deferred calls run last in, first out).
	deferUnlocks []lockRef
	deferred     map[*ast.CallExpr][]lockRef
}

func (w *lockWalker) record(pos, end token.Pos, held []lockRef) {
	if pos.IsValid() && end.IsValid() {
		w.out = append(w.out, interval{pos: pos, end: end, held: held})
	}
}

// block walks a statement list and returns the locks held after it.
func (w *lockWalker) block(stmts []ast.Stmt, held []lockRef) []lockRef {
	for i, s := range stmts {
		if l, ok := s.(*ast.LabeledStmt); ok && len(w.gotos[l.Label.Name]) > 0 {
			// A label reached by gotos holds what every way in holds:
			// each goto, and the statement before unless it jumps away.
			in := w.gotos[l.Label.Name]
			common := in[0]
			for _, h := range in[1:] {
				common = w.g.keys.intersect(common, h)
			}
			if i == 0 || !jumpsAway(stmts[i-1]) {
				common = w.g.keys.intersect(common, held)
			}
			held = append([]lockRef(nil), common...)
		}
		held = w.stmt(s, held)
	}
	return held
}

// jumpsAway reports whether control never falls through s to the next
// statement.
func jumpsAway(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.BranchStmt, *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// stmt walks one statement. Locks taken or released inside the branches of
// a compound statement do not outlive it: a lock taken in an if branch
// counts only inside, and the usual `if bad { mu.Unlock(); return }` does
// not end the lock for the code after it.
func (w *lockWalker) stmt(s ast.Stmt, held []lockRef) []lockRef {
	if w.once != nil {
		if after, ok := w.onceStmt(s, held); ok {
			return after
		}
	}
	clone := func() []lockRef { return append([]lockRef(nil), held...) }
	switch s := s.(type) {
	case *ast.ExprStmt:
		w.record(s.Pos(), s.End(), held)
		switch x := ast.Unparen(s.X).(type) {
		case *ast.CallExpr:
			return w.helperLocks(x, w.lockCall(x, held))
		case *ast.UnaryExpr:
			if ref, ok := w.semaphoreRef(x.X); ok && x.Op == token.ARROW {
				return w.g.keys.release(held, ref)
			}
		}
	case *ast.SendStmt:
		w.record(s.Pos(), s.End(), held)
		if ref, ok := w.semaphoreRef(s.Chan); ok {
			return append(clone(), ref)
		}
	case *ast.AssignStmt:
		w.record(s.Pos(), s.End(), held)
		for _, r := range s.Rhs {
			if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
				held = w.helperLocks(call, held)
			}
		}
		return held
	case *ast.DeferStmt:
		// A deferred Unlock releases at return: the lock stays held for
		// the rest of the body. In defer r.lock()(), r.lock() runs now.
		w.record(s.Pos(), s.End(), held)
		if ref, op, ok := w.mutexCall(s.Call); ok && (op == "Unlock" || op == "RUnlock") {
			w.deferUnlocks = append(w.deferUnlocks, ref)
		} else if !ok {
			var still []lockRef
			for _, l := range held {
				if w.g.keys.containsLock(w.deferUnlocks, l) {
					still = append(still, l)
				}
			}
			if len(still) > 0 {
				if w.deferred == nil {
					w.deferred = make(map[*ast.CallExpr][]lockRef)
				}
				w.deferred[s.Call] = still
			}
		}
		if inner, ok := ast.Unparen(s.Call.Fun).(*ast.CallExpr); ok {
			return w.helperLocks(inner, held)
		}
	case *ast.BlockStmt:
		return w.block(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.IfStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		w.record(s.Cond.Pos(), s.Cond.End(), held)
		w.block(s.Body.List, clone())
		if s.Else != nil {
			w.stmt(s.Else, clone())
		}
		if l, ok := w.conditionalLock(s); ok {
			// if doLock { mu.Lock() } (with defer mu.Unlock(), or a
			// matching if doLock { mu.Unlock() } later): when the branch
			// is not taken, the caller holds the lock already.
			return append(clone(), l)
		}
	case *ast.ForStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		if s.Cond != nil {
			w.record(s.Cond.Pos(), s.Cond.End(), held)
		}
		if s.Post != nil {
			w.stmt(s.Post, clone())
		}
		w.block(s.Body.List, clone())
	case *ast.RangeStmt:
		w.record(s.Pos(), s.X.End(), held)
		w.block(s.Body.List, clone())
	case *ast.SwitchStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		if s.Tag != nil {
			w.record(s.Tag.Pos(), s.Tag.End(), held)
		}
		w.clauses(s.Body, held)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		w.record(s.Assign.Pos(), s.Assign.End(), held)
		w.clauses(s.Body, held)
	case *ast.SelectStmt:
		w.clauses(s.Body, held)
	case *ast.BranchStmt:
		w.record(s.Pos(), s.End(), held)
		if s.Tok == token.GOTO && s.Label != nil {
			if w.gotos == nil {
				w.gotos = make(map[string][][]lockRef)
			}
			w.gotos[s.Label.Name] = append(w.gotos[s.Label.Name], clone())
		}
	default:
		w.record(s.Pos(), s.End(), held)
	}
	return held
}

func (w *lockWalker) clauses(body *ast.BlockStmt, held []lockRef) {
	for _, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			for _, e := range c.List {
				w.record(e.Pos(), e.End(), held)
			}
			w.block(c.Body, append([]lockRef(nil), held...))
		case *ast.CommClause:
			if c.Comm != nil {
				w.stmt(c.Comm, held)
			}
			w.block(c.Body, append([]lockRef(nil), held...))
		}
	}
}

// lockCall applies a Lock, RLock, Unlock or RUnlock call to held.
func (w *lockWalker) lockCall(call *ast.CallExpr, held []lockRef) []lockRef {
	ref, op, ok := w.mutexCall(call)
	if !ok {
		return held
	}
	if w.copied(ref) || w.private(ref) {
		return held // locking a copy, or a mutex no one else reaches, protects nothing
	}
	switch op {
	case "Lock", "RLock":
		return append(append([]lockRef(nil), held...), ref)
	default:
		return w.g.keys.release(held, ref)
	}
}

// conditionalLock recognises an if statement that only takes a lock, and
// perhaps defers its release: if doLock { mu.Lock() }, if shouldLock {
// mu.Lock(); defer mu.Unlock() }, or if write { mu.Lock() } else {
// mu.RLock() } (nested ones too). By the convention of functions with
// such a flag, the lock is held after it whichever way the condition went.
// A later conditional Unlock is in a branch and does not end it, which
// errs toward holding the lock: a missed race, never a false one.
func (w *lockWalker) conditionalLock(s *ast.IfStmt) (lockRef, bool) {
	ref, ok := w.lockOnly(s.Body)
	if !ok {
		return lockRef{}, false
	}
	switch e := s.Else.(type) {
	case nil:
		return ref, true
	case *ast.BlockStmt:
		other, ok := w.lockOnly(e)
		if !ok || !w.g.keys.sameLock(other, ref) {
			return lockRef{}, false
		}
		// The branches usually follow the condition the accesses test
		// too (if cacheEnabled { Lock } ... if cacheEnabled { write }):
		// take the stronger mode, erring toward a missed race.
		ref.read = ref.read && other.read
		return ref, true
	}
	return lockRef{}, false
}

// lockOnly recognises a block that takes one lock, optionally deferring
// its release, and does nothing else.
func (w *lockWalker) lockOnly(body *ast.BlockStmt) (lockRef, bool) {
	if len(body.List) == 0 || len(body.List) > 2 {
		return lockRef{}, false
	}
	if inner, ok := body.List[0].(*ast.IfStmt); ok && len(body.List) == 1 {
		return w.conditionalLock(inner)
	}
	es, ok := body.List[0].(*ast.ExprStmt)
	if !ok {
		return lockRef{}, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return lockRef{}, false
	}
	ref, op, ok := w.mutexCall(call)
	if !ok || (op != "Lock" && op != "RLock") {
		return lockRef{}, false
	}
	if len(body.List) == 1 {
		return ref, true
	}
	d, ok := body.List[1].(*ast.DeferStmt)
	if !ok {
		return lockRef{}, false
	}
	un, uop, ok := w.mutexCall(d.Call)
	if !ok || !w.g.keys.sameLock(un, ref) || (uop != "Unlock" && uop != "RUnlock") {
		return lockRef{}, false
	}
	return ref, true
}

// mutexCall returns the mutex a Lock, RLock, Unlock or RUnlock call acts
// on, and which of them it is.
func (w *lockWalker) mutexCall(call *ast.CallExpr) (lockRef, string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return lockRef{}, "", false
	}
	fn, _ := typeutil.Callee(w.info, call).(*types.Func)
	op := mutexOp(fn)
	if op == "" {
		return lockRef{}, "", false
	}
	base, path, ok := w.g.owner(w.info, sel.X)
	if !ok {
		return lockRef{}, "", false
	}
	// A mutex embedded in a struct: s.Lock() locks s.Mutex.
	if s := w.info.Selections[sel]; s != nil && len(s.Index()) > 1 {
		path = append(path, implicitFields(w.info.TypeOf(sel.X), s.Index()[:len(s.Index())-1])...)
	}
	return lockRef{base: base, path: path, read: op == "RLock" || op == "RUnlock", expr: sel.X}, op, true
}

// release returns held without one hold of ref (in ref's mode).
func (k *declKeys) release(held []lockRef, ref lockRef) []lockRef {
	var out []lockRef
	removed := false
	for _, h := range held {
		if !removed && k.sameLock(h, ref) && h.read == ref.read {
			removed = true
			continue
		}
		out = append(out, h)
	}
	return out
}

// mutexOp returns the name of a sync.Mutex or sync.RWMutex locking method,
// or "".
func mutexOp(fn *types.Func) string {
	if op := chanLockOp(fn); op != "" {
		return op
	}
	switch calleeName(fn) {
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.Locker.Lock":
		return "Lock"
	case "sync.Mutex.Unlock", "sync.RWMutex.Unlock", "sync.Locker.Unlock":
		return "Unlock"
	case "sync.RWMutex.RLock":
		return "RLock"
	case "sync.RWMutex.RUnlock":
		return "RUnlock"
	}
	return ""
}

// chanLockOp returns "Lock" or "Unlock" for those methods, taking and
// returning nothing, of a type whose underlying type is a channel: a
// channel semaphore behind the sync.Locker method names (type chanMutex
// chan struct{}, Lock sends, Unlock receives). As for a semaphore written
// out, only a capacity-1 channel excludes; a wider one makes mapfix miss a
// race, never report a false one.
func chanLockOp(fn *types.Func) string {
	if fn == nil || (fn.Name() != "Lock" && fn.Name() != "Unlock") {
		return ""
	}
	sig := fn.Signature()
	if sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 0 {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if _, ok := t.(*types.Named); !ok {
		return ""
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return ""
	}
	return fn.Name()
}

// copied reports whether the mutex is reached through a parameter or
// receiver passed by value, so each call locks its own copy.
func (w *lockWalker) copied(l lockRef) bool {
	v, ok := l.base.(*types.Var)
	if !ok || !w.g.params[v] {
		return false
	}
	t := v.Type()
	if _, ok := t.Underlying().(*types.Pointer); ok {
		return false
	}
	// Any pointer on the way (a *sync.Mutex field included) means the
	// copies share one mutex.
	for _, f := range l.path {
		if _, ok := f.Type().Underlying().(*types.Pointer); ok {
			return false
		}
	}
	return true
}

// private reports whether the mutex is a local variable of the walked
// function that nothing but its own Lock and Unlock calls there uses: not
// captured by a literal, not passed, not stored, its address not taken.
// Each call of the function then locks a mutex of its own (var mu
// sync.Mutex inside a handler), which keeps no other goroutine out.
func (w *lockWalker) private(l lockRef) bool {
	v, ok := l.base.(*types.Var)
	if !ok || len(l.path) > 0 || isPackageVar(v) || w.g.params[v] || !contains(w.fn.node, v.Pos()) {
		return false
	}
	if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
		return false // mu := &s.mu: someone else's mutex
	}
	if n := fmt.Sprint(v.Type()); n != "sync.Mutex" && n != "sync.RWMutex" {
		return false
	}
	used := true
	inspect(w.fn.body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || w.info.Uses[id] != v || !used {
			return used
		}
		for _, s := range stack {
			if _, isLit := s.(*ast.FuncLit); isLit {
				used = false // captured
				return false
			}
		}
		sel, isSel := stack[len(stack)-1].(*ast.SelectorExpr)
		if !isSel || sel.X != ast.Expr(id) || len(stack) < 2 {
			used = false
			return false
		}
		if call, isCall := stack[len(stack)-2].(*ast.CallExpr); !isCall || call.Fun != ast.Expr(sel) {
			used = false // a method value, or a field of it
		}
		return used
	})
	return used
}

// decompose splits x, x.f.g, (*x).f, &x.f into the base variable and the
// fields selected from it.
func decompose(info *types.Info, e ast.Expr) (types.Object, []*types.Var, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return v, nil, true
		}
	case *ast.StarExpr:
		return decompose(info, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return decompose(info, e.X)
		}
	case *ast.SelectorExpr:
		s := info.Selections[e]
		if s == nil {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok {
				return v, nil, true // pkg.Var
			}
			return nil, nil, false
		}
		if s.Kind() != types.FieldVal {
			return nil, nil, false
		}
		base, path, ok := decompose(info, e.X)
		if !ok {
			return nil, nil, false
		}
		path = append(append([]*types.Var(nil), path...), implicitFields(info.TypeOf(e.X), s.Index()[:len(s.Index())-1])...)
		return base, append(path, s.Obj().(*types.Var)), true
	}
	return nil, nil, false
}

// implicitFields returns the embedded fields an index path goes through.
func implicitFields(t types.Type, index []int) []*types.Var {
	var out []*types.Var
	for _, i := range index {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return out
		}
		f := st.Field(i)
		out = append(out, f)
		t = f.Type()
	}
	return out
}

// accessKeys returns the names of the locks that protect an access for the
// purpose of comparing it with other accesses: "g:" locks reached from a
// package var, "v:" locks of one variable (a closure's captured mutex),
// and "r:" locks reached from the same variable as the map itself (s.mu
// beside s.m, compared by field across methods). A write counts only locks
// held with Lock.
func (k *declKeys) accessKeys(info *types.Info, mapExpr ast.Expr, held []lockRef, write bool) []string {
	return k.keysOf(info, nil, mapExpr, held, write)
}

// accessKeys is accessKeys seeing through the aliases of the program.
func (g *graph) accessKeys(info *types.Info, mapExpr ast.Expr, held []lockRef, write bool) []string {
	return g.keys.keysOf(info, g.aliases, mapExpr, held, write)
}

func (k *declKeys) keysOf(info *types.Info, aliases map[*types.Var]ast.Expr, mapExpr ast.Expr, held []lockRef, write bool) []string {
	mapBase, mapPath, hasBase := decomposeOwner(info, mapExpr, aliases)
	if !hasBase {
		// c.buckets[i].entries: a map inside an element of the owner's
		// collection is guarded like the collection, by the owner's lock.
		mapBase, hasBase = rootVar(info, mapExpr)
		mapPath = nil
	}
	if call, ok := ast.Unparen(mapExpr).(*ast.CallExpr); ok && !hasBase {
		// A map returned by a method (x.table()) is taken to be reached
		// from the method's receiver, like x.m.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				mapBase, _, hasBase = decomposeOwner(info, sel.X, aliases)
			}
		}
	}
	var keys []string
	for _, l := range held {
		// The names of l: by its variable, and relative to the map's
		// owner when it is beside the map.
		key := k.of(l.base) + k.path(l.path)
		var names []string
		if isPackageVar(l.base) {
			names = append(names, "g:"+key)
		} else {
			names = append(names, "v:"+key)
		}
		// A lock beside the map on one base, a package variable's too
		// (tLogr.mu beside tLogr.logs): the same lock a method of the
		// owner's type names through its receiver.
		if hasBase && k.of(mapBase) == k.of(l.base) && len(l.path) > 0 {
			names = append(names, "r:"+k.path(l.path))
			// Relative to the map's own owner as well: ccc.mu beside
			// ccc.m reached as sc.ccc.mu and sc.ccc.m is the lock a
			// method of ccc's type calls c.mu.
			if rel, ok := k.ownerRelative(l, mapPath); ok {
				names = append(names, rel)
			}
		}
		for _, n := range names {
			switch {
			case l.once:
				if !(write && l.read) {
					keys = append(keys, n+onceSuffix)
				}
				continue
			case l.read:
				keys = append(keys, n+sharedSuffix)
			default:
				keys = append(keys, n+exclusiveSuffix)
			}
			if !(write && l.read) {
				keys = append(keys, n)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// A lock held in read mode (RLock) keeps out only those who hold it
// exclusively: a write under RLock is guarded by nothing on its own, yet
// it cannot overlap an access made under Lock of the same RWMutex (the
// "priority lock": writers RLock it and take a mutex of their own, the
// reader that must see no writer Locks it). Besides the plain keys, which
// say the lock guards the access, keysOf gives each lock a mode key; two
// accesses are kept apart by a lock when one holds it exclusively and the
// other in either mode (sharesLock).
const (
	sharedSuffix    = "~r"
	exclusiveSuffix = "~w"
)

// isModeKey reports whether k is the mode key of a lock, not a guard.
func isModeKey(k string) bool {
	return strings.HasSuffix(k, sharedSuffix) || strings.HasSuffix(k, exclusiveSuffix)
}

// ownerRelative returns the key of lock l relative to the struct that
// holds the map (mapPath without its last field), when l is reached
// through that struct too.
func (k *declKeys) ownerRelative(l lockRef, mapPath []*types.Var) (string, bool) {
	if len(mapPath) < 2 || len(l.path) < len(mapPath) {
		return "", false
	}
	prefix := mapPath[:len(mapPath)-1]
	for i, f := range prefix {
		if k.of(f) != k.of(l.path[i]) {
			return "", false
		}
	}
	var b strings.Builder
	b.WriteString("r:")
	for _, f := range l.path[len(prefix):] {
		b.WriteString("/")
		b.WriteString(k.of(f))
	}
	return b.String(), true
}

// lockText renders a lock for a suggestion, as seen from an access whose
// map expression is mapExpr: for a receiver-relative lock, the access's
// own base with the lock's fields.
func lockText(info *types.Info, key string, mapExpr ast.Expr, example lockRef) string {
	if strings.HasPrefix(key, "r:") {
		if base, path, ok := decompose(info, mapExpr); ok && len(path) > 0 {
			s := base.Name()
			for _, f := range example.path {
				if f.Embedded() {
					continue
				}
				s += "." + f.Name()
			}
			return s
		}
	}
	return types.ExprString(example.expr)
}
