package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// Forms of lock beyond Lock/Unlock on a mutex:
//
//   - a helper that returns with a lock held (func (r *R) lock() func()
//     { r.mu.Lock(); return r.mu.Unlock }): calling it takes the lock, in
//     the caller's terms; defer r.lock()() holds it to the end;
//   - a channel used as a semaphore: a function that sends on a channel
//     and later receives from it (or defers the receive) holds the send
//     as a lock until the receive. Only a capacity-1 channel makes this a
//     mutual exclusion; a wider one makes mapfix miss a race, never
//     report a false one;
//   - a callback run under a lock (s.withLock(func() { ... })): the
//     literal handed to a function that calls that parameter with a lock
//     held inherits the lock, translated to the call's receiver.

// handedLocks gives a goroutine the locks its starter hands it: a lock
// held at the go statement that the goroutine's literal releases in a
// top-level defer (mu.Lock(); go func() { defer mu.Unlock(); ... }())
// stays held, by the goroutine, until the literal returns.
func (li *lockInfo) handedLocks() {
	for _, r := range li.g.roots {
		if r.kind != rootGo || r.spawner == nil {
			continue
		}
		held := li.heldAt(r.spawner, r.pos)
		if len(held) == 0 {
			continue
		}
		for _, t := range r.targets {
			lit, ok := t.node.(*ast.FuncLit)
			if !ok || t.parent != r.spawner || len(t.rootOf) != 1 || len(t.callers) > 0 {
				continue
			}
			w := &lockWalker{g: li.g, info: t.file.Package.TypesInfo, fn: t}
			released := deferredUnlocks(w, lit.Body)
			for _, l := range capturedLocks(t, held) {
				if !l.once && li.g.keys.containsLock(released, l) && !li.g.keys.containsLock(li.entry[t], l) {
					li.entry[t] = append(li.entry[t], l)
				}
			}
		}
	}
}

// exitLocks returns, for each declared function, the locks it returns
// with, reached from its receiver or parameters: those held at the end of
// its body that no deferred call releases.
func (g *graph) exitLocks(intervals map[*funcNode][]interval) map[*funcNode][]lockRef {
	out := make(map[*funcNode][]lockRef)
	for _, fn := range g.funcs {
		if fn.body == nil || fn.obj == nil || fn.parent != nil {
			continue
		}
		w := &lockWalker{g: g, info: fn.file.Package.TypesInfo, fn: fn}
		held := w.block(fn.body.List, nil)
		if len(held) == 0 {
			continue
		}
		released := deferredUnlocks(w, fn.body)
		var keep []lockRef
		for _, l := range held {
			if !l.once && !g.keys.containsLock(released, l) && isParamOf(fn, l.base) {
				keep = append(keep, l)
			}
		}
		if len(keep) > 0 {
			out[fn] = keep
		}
	}
	return out
}

// deferredUnlocks returns the locks the top-level defer statements of body
// release: defer mu.Unlock() and defer func() { mu.Unlock() }().
func deferredUnlocks(w *lockWalker, body *ast.BlockStmt) []lockRef {
	var out []lockRef
	for _, s := range body.List {
		d, ok := s.(*ast.DeferStmt)
		if !ok {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if ref, op, ok := w.mutexCall(call); ok && (op == "Unlock" || op == "RUnlock") {
				out = append(out, ref)
			}
			return true
		})
	}
	return out
}

func (k *declKeys) containsLock(ls []lockRef, l lockRef) bool {
	for _, x := range ls {
		if k.sameLock(x, l) {
			return true
		}
	}
	return false
}

// isParamOf reports whether v is the receiver or a parameter of fn.
func isParamOf(fn *funcNode, v types.Object) bool {
	if r := fn.recvVar(); r != nil && r == v {
		return true
	}
	params := fn.obj.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v {
			return true
		}
	}
	return false
}

// helperLocks applies a call of a function that returns with locks held:
// the caller holds them from the call on, in its own terms.
func (w *lockWalker) helperLocks(call *ast.CallExpr, held []lockRef) []lockRef {
	if w.exit == nil {
		return held
	}
	callees, dispatch := w.g.callees(w.info, call)
	if dispatch || len(callees) != 1 {
		return held
	}
	callee := callees[0]
	locks := w.exit[callee]
	if len(locks) == 0 {
		return held
	}
	out := append([]lockRef(nil), held...)
	for _, l := range locks {
		if t, ok := w.toCaller(call, callee, l); ok {
			out = append(out, t)
		}
	}
	return out
}

// toCaller translates a lock of callee, reached from its receiver or a
// parameter, into the terms of the caller's call expression.
func (w *lockWalker) toCaller(call *ast.CallExpr, callee *funcNode, l lockRef) (lockRef, bool) {
	var arg ast.Expr
	if r := callee.recvVar(); r != nil && r == l.base {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return lockRef{}, false
		}
		arg = sel.X
	} else {
		params := callee.obj.Signature().Params()
		for i := range params.Len() {
			if params.At(i) == l.base && i < len(call.Args) {
				arg = call.Args[i]
			}
		}
	}
	if arg == nil {
		return lockRef{}, false
	}
	base, path, ok := w.g.owner(w.info, arg)
	if !ok {
		return lockRef{}, false
	}
	t := l
	t.base = base
	t.path = append(append([]*types.Var(nil), path...), l.path...)
	t.expr = arg
	return t, true
}

// semaphores returns the channel expressions fn both sends on and
// receives from: semaphores, by the shape of their use.
func semaphores(info *types.Info, body *ast.BlockStmt) map[string]bool {
	sends := make(map[string]bool)
	recvs := make(map[string]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			sends[types.ExprString(n.Chan)] = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				recvs[types.ExprString(n.X)] = true
			}
		}
		return true
	})
	out := make(map[string]bool)
	for k := range sends {
		if recvs[k] {
			out[k] = true
		}
	}
	return out
}

// semaphoreRef returns the lock a semaphore channel expression stands for.
func (w *lockWalker) semaphoreRef(ch ast.Expr) (lockRef, bool) {
	if !w.sems[types.ExprString(ch)] {
		return lockRef{}, false
	}
	base, path, ok := w.g.owner(w.info, ch)
	if !ok {
		return lockRef{}, false
	}
	if len(path) == 0 && contains(w.fn.node, base.Pos()) {
		// A channel this function makes for itself is no lock that
		// another goroutine could take: each run has its own.
		return lockRef{}, false
	}
	return lockRef{base: base, path: path, expr: ch}, true
}

// callbackLocks gives the function literals handed to a function that
// calls them with a lock held (withLock(fn), view(fn)) that lock as their
// entry lockset, in the terms of the call that hands them over.
func (li *lockInfo) callbackLocks() {
	held := make(map[*funcNode]map[int][]lockRef) // W -> param index -> locks at every call of it
	// args holds, per W and parameter, the owners of the arguments W
	// passes to the callback (f(&c.state) under c.mu): the callback's
	// parameter is then reached from that owner, under its lock.
	type argOwner struct {
		base types.Object
		ok   bool
	}
	args := make(map[*funcNode]map[int][]argOwner)
	for _, fn := range li.g.funcs {
		decl := declOf(fn)
		if fn.body == nil || decl.obj == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		params := decl.obj.Signature().Params()
		ast.Inspect(fn.body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok {
				return true
			}
			for i := range params.Len() {
				if info.Uses[id] != params.At(i) {
					continue
				}
				ls := li.heldAt(fn, call.Pos())
				if held[decl] == nil {
					held[decl] = make(map[int][]lockRef)
				}
				if prev, seen := held[decl][i]; seen {
					ls = li.g.keys.intersect(prev, ls)
				}
				held[decl][i] = ls
				if args[decl] == nil {
					args[decl] = make(map[int][]argOwner)
				}
				if _, seen := args[decl][i]; !seen {
					var owners []argOwner
					for _, a := range call.Args {
						b, _, ok := li.g.owner(info, a)
						owners = append(owners, argOwner{b, ok})
					}
					args[decl][i] = owners
				}
			}
			return true
		})
	}
	for w, byParam := range held {
		for _, cs := range w.callers {
			if cs.call == nil || cs.caller == nil {
				continue
			}
			walker := &lockWalker{g: li.g, info: cs.caller.file.Package.TypesInfo, fn: cs.caller}
			for i, ls := range byParam {
				if i >= len(cs.call.Args) {
					continue
				}
				lit, ok := ast.Unparen(cs.call.Args[i]).(*ast.FuncLit)
				if !ok {
					continue
				}
				cb := li.g.byAST[lit]
				if cb == nil {
					continue
				}
				for _, l := range ls {
					if t, ok := walker.toCaller(cs.call, w, l); ok {
						li.entry[cb] = append(li.entry[cb], t)
					}
					// The callback's own parameters that stand for an
					// owner of the lock: the lock keeps its path from them.
					cbParams := lit.Type.Params
					var names []*ast.Ident
					if cbParams != nil {
						for _, f := range cbParams.List {
							names = append(names, f.Names...)
						}
					}
					for j, ao := range args[w][i] {
						if !ao.ok || j >= len(names) || li.g.keys.of(ao.base) != li.g.keys.of(l.base) {
							continue
						}
						if pv, ok := cb.file.Package.TypesInfo.Defs[names[j]].(*types.Var); ok {
							t := l
							t.base = pv
							li.entry[cb] = append(li.entry[cb], t)
						}
					}
				}
			}
		}
	}
}

// localClosureLocks gives a literal that its function keeps to itself
// (search := func(...) {...}, called only through that local, recursion
// included) the locks held where it is written: it runs while its
// function runs, under what that function holds. Only locks held to the
// end of the function count (defer mu.Unlock()), since the calls may come
// at any later point.
func (li *lockInfo) localClosureLocks() {
	for _, fn := range li.g.funcs {
		lit, ok := fn.node.(*ast.FuncLit)
		if !ok || fn.parent == nil || fn.parent.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		v := definedLocal(info, fn.parent.body, lit)
		if v == nil || !onlyCalled(info, fn.parent.body, v) {
			continue
		}
		list := fn.parent.body.List
		held := li.heldAt(fn.parent, lit.Pos())
		end := li.heldAt(fn.parent, list[len(list)-1].Pos())
		for _, l := range li.g.keys.intersect(held, end) {
			if !li.g.keys.containsLock(li.entry[fn], l) {
				li.entry[fn] = append(li.entry[fn], l)
			}
		}
	}
}

// definedLocal returns the local variable that lit is assigned to when it
// is written as the value of a definition or assignment of one, or nil.
func definedLocal(info *types.Info, body *ast.BlockStmt, lit *ast.FuncLit) *types.Var {
	var out *types.Var
	ast.Inspect(body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, r := range as.Rhs {
			if r != lit {
				continue
			}
			if id, ok := as.Lhs[i].(*ast.Ident); ok {
				out = localVar(info, id)
			}
		}
		return true
	})
	return out
}

// onlyCalled reports whether every use of v in body calls it or assigns
// it: the function value never leaves the function.
func onlyCalled(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	ok := true
	inspect(body, func(n ast.Node, stack []ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != v || len(stack) == 0 {
			return true
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.CallExpr:
			if p.Fun != id {
				ok = false
			}
		case *ast.AssignStmt:
			for _, r := range p.Rhs {
				if r == id {
					ok = false
				}
			}
		default:
			ok = false
		}
		return true
	})
	return ok
}

// Documented lock contracts. Go code states "the caller holds the lock"
// in a method's name (fooLocked) or its doc comment ("Lock should be
// held", "Assumes the lock is held", "must be called with s.mu held").
// Such a method runs under its receiver's lock: when callers reach it
// through paths the lock analysis cannot follow, the contract is the
// author's word for it.

// contractEntry returns the entry locks fn's lock contract gives it: the
// locks it speaks of, when fn is a method that says its callers hold the
// lock, not all its callers are visible, and none that is goes without.
// Where every caller is known, inheritance decides, and a caller
// without the lock is reported. It returns nil otherwise.
func (li *lockInfo) contractEntry(fn *funcNode) []lockRef {
	d, ok := fn.node.(*ast.FuncDecl)
	if !ok || d.Recv == nil || fn.obj == nil || !hasLockContract(fn) {
		return nil
	}
	if li.callersKnown(fn) || li.breaksContract(fn) {
		// A call site mapfix follows does not hold the lock: that
		// caller breaks the contract, which is the race.
		return nil
	}
	return contractOf(fn).mutexes
}

// contractLocks is what a function's doc comment says of its locks,
// read once per function: the lock contract is asked for at every call
// site in every round of inheritance.
type contractLocks struct {
	// mutexes are the locks, in terms of the receiver, that the contract
	// speaks of: those the doc comment names (d.cacheMu, or db.mu
	// through the receiver's field db), else all the mutexes of the
	// receiver's struct when the doc names no lock at all.
	mutexes []lockRef
	// foreign are the names of locks of other values the doc names (d.mu
	// in a method of a snapshot whose receiver is es).
	foreign []string
}

// contractOf returns what fn's doc comment says of its locks.
func contractOf(fn *funcNode) *contractLocks {
	if fn.locks != nil {
		return fn.locks
	}
	c := &contractLocks{}
	c.mutexes, c.foreign = readContractLocks(fn)
	if recv := fn.recvVar(); recv != nil && len(c.mutexes) == 0 && len(c.foreign) == 0 {
		for _, path := range mutexFields(recv.Type(), 0) {
			c.mutexes = append(c.mutexes, lockRef{base: recv, path: path})
		}
	}
	fn.locks = c
	return c
}

// readContractLocks reads the locks fn's doc comment names: own are those
// reached from the receiver (cacheMu, d.cacheMu, db.mu where db is a
// field of the receiver), foreign the names of locks of other values.
func readContractLocks(fn *funcNode) (own []lockRef, foreign []string) {
	recv := fn.recvVar()
	d, ok := fn.node.(*ast.FuncDecl)
	if recv == nil || !ok || d.Doc == nil {
		return nil, nil
	}
	for _, tok := range dottedNames(d.Doc.Text()) {
		parts := strings.Split(tok, ".")
		from := parts
		if len(parts) > 1 && (parts[0] == recv.Name() || parts[0] == recvTypeName(d.Recv.List[0].Type)) {
			from = parts[1:] // d.mu, DB.mu
		}
		if path, ok := lockPath(recv.Type(), from); ok {
			l := lockRef{base: recv, path: path}
			if !slices.ContainsFunc(own, func(o lockRef) bool { return slices.Equal(o.path, l.path) }) {
				own = append(own, l)
			}
			continue
		}
		if len(parts) > 1 && len(from) == len(parts) && lockish(parts[len(parts)-1]) {
			foreign = append(foreign, parts[len(parts)-1])
		}
	}
	return own, foreign
}

// dottedNames returns the identifiers and dotted names (d.mu, s.db.mu) in
// text.
func dottedNames(text string) []string {
	var out []string
	isStart := func(r byte) bool { return isIdentByte(r) && !('0' <= r && r <= '9') }
	isPart := isIdentByte
	for i := 0; i < len(text); {
		if !isStart(text[i]) || (i > 0 && isPart(text[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isPart(text[j]) || text[j] == '.' && j+1 < len(text) && isStart(text[j+1])) {
			j++
		}
		out = append(out, text[i:j])
		i = j
	}
	return out
}

// lockPath follows field names from a value of type t to a mutex (or a
// struct that embeds one, d.mu struct{ sync.Mutex; ... }) and returns the
// fields on the way, the embedded mutex included.
func lockPath(t types.Type, names []string) ([]*types.Var, bool) {
	var path []*types.Var
	for _, name := range names {
		next := fieldNamed(t, name)
		if next == nil {
			return nil, false
		}
		path = append(path, next)
		t = next.Type()
	}
	if len(path) == 0 {
		return nil, false
	}
	if isMutexType(t) {
		return path, true
	}
	for _, sub := range mutexFields(t, 1) {
		if len(sub) == 1 && sub[0].Embedded() {
			return append(path, sub[0]), true
		}
	}
	return nil, false
}

// throughPointer reports whether a field path goes through a pointer
// before its last field: the lock it reaches is another value's.
func throughPointer(path []*types.Var) bool {
	for _, f := range path[:max(len(path)-1, 0)] {
		if _, ok := f.Type().Underlying().(*types.Pointer); ok {
			return true
		}
	}
	return false
}

// lockish reports whether a name reads like a lock's (mu, statsMu, lock,
// mutex).
func lockish(name string) bool {
	n := strings.ToLower(name)
	return n == "mu" || strings.HasSuffix(n, "mu") || strings.Contains(n, "lock") || strings.Contains(n, "mutex")
}

// contractKept reports whether the locks held at call site cs of fn, a
// function with a lock contract, are what the contract asks for: one of
// the receiver's locks it speaks of, held on the very receiver (the same
// mutex of another value of the type does not count), or a lock of
// another value by the name the doc gives it (d.mu, when the doc of a
// snapshot's method says "d.mu must be held"). A function without a
// receiver, or one whose receiver has no lock and whose doc names none,
// takes any lock of a value.
func (li *lockInfo) contractKept(fn *funcNode, cs callSite) bool {
	held := li.heldAtSite(cs)
	recv := fn.recvVar()
	c := contractOf(fn)
	own, foreign := c.mutexes, c.foreign
	if recv == nil || len(own) == 0 && len(foreign) == 0 {
		return holdsObjectLock(held)
	}
	for _, l := range li.translate(cs, fn, held) {
		if l.once || l.base != recv {
			continue
		}
		for _, o := range own {
			if slices.Equal(l.path, o.path) {
				return true
			}
		}
	}
	for _, o := range own {
		if !throughPointer(o.path) {
			continue
		}
		// A lock of a value the receiver points to (s.db.mu): the
		// caller may name that value in ways mapfix cannot relate to
		// the receiver, so the same mutex field counts.
		for _, l := range held {
			if !l.once && !isPackageVar(l.base) && li.g.keys.lockIdentity(l) == li.g.keys.lockIdentity(o) {
				return true
			}
		}
	}
	for _, l := range held {
		if l.once || isPackageVar(l.base) || len(l.path) == 0 {
			continue
		}
		name := l.path[len(l.path)-1].Name()
		if l.path[len(l.path)-1].Embedded() && len(l.path) > 1 {
			name = l.path[len(l.path)-2].Name()
		}
		if slices.Contains(foreign, name) {
			return true
		}
	}
	return false
}

// hasLockContract reports whether fn is a declared function whose name or
// doc comment says its caller holds the lock.
func hasLockContract(fn *funcNode) bool {
	if fn.contract == 0 {
		fn.contract = 1
		if d, ok := fn.node.(*ast.FuncDecl); ok && lockContract(d) {
			fn.contract = 2
		}
	}
	return fn.contract == 2
}

// lockContract reports whether a function says its caller holds the lock.
func lockContract(d *ast.FuncDecl) bool {
	name := strings.ToLower(d.Name.Name)
	if strings.HasSuffix(name, "locked") && !strings.HasSuffix(name, "unlocked") {
		return true
	}
	if d.Doc == nil {
		return false
	}
	doc := strings.ToLower(d.Doc.Text())
	for _, phrase := range []string{
		"lock should be held", "lock must be held", "lock is held", "lock held",
		"lock assumed to be held", "assumes lock", "assumes the lock", "assumes write lock",
		"assumes read lock", "must be called with", "should be called with",
		"caller must hold", "caller holds", "callers must hold", "while holding",
		"mu held", "mutex held", "lock to be held", "mu must be held", "mu should be held",
		"mutex must be held", "mutex should be held", "mu must be locked", "with the lock held",
	} {
		if strings.Contains(doc, phrase) {
			return true
		}
	}
	return false
}

// mutexFields returns the field paths from a value of type t to the
// mutexes its struct holds (embedded ones included, one level of nesting).
func mutexFields(t types.Type, depth int) [][]*types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 1 {
		return nil
	}
	var out [][]*types.Var
	for f := range st.Fields() {
		if isMutexType(f.Type()) {
			if _, isPtr := f.Type().Underlying().(*types.Pointer); !isPtr || !f.Embedded() {
				out = append(out, []*types.Var{f})
			}
			continue
		}
		if _, isStruct := f.Type().(*types.Struct); f.Embedded() || isStruct {
			// An embedded struct, or a field of an unnamed struct type
			// that groups what one mutex guards (d.mu struct{
			// sync.Mutex; ... }).
			for _, sub := range mutexFields(f.Type(), depth+1) {
				out = append(out, append([]*types.Var{f}, sub...))
			}
		}
	}
	return out
}

// callersKnown reports whether every call of fn is a static call site
// whose locks the analysis knows.
func (li *lockInfo) callersKnown(fn *funcNode) bool {
	if fn.valueRef || fn.entry || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		return false
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil || li.runsUnseen(cs.caller) {
			return false
		}
	}
	return true
}

// breaksContract reports whether some call of fn that the lock analysis
// follows holds no lock of a value: not one in a literal that runs
// unseen; one in a function with a lock contract of its own breaks it
// when that function's callers break its own.
func (li *lockInfo) breaksContract(fn *funcNode) bool {
	return li.breaksContractAt(fn, 0)
}

// maxContractChain bounds the contract functions followed up from one.
const maxContractChain = 4

func (li *lockInfo) breaksContractAt(fn *funcNode, depth int) bool {
	if fn.obj != nil && li.methodExprValue(fn.obj) {
		return true // var onTick = (*store).pickLocked: run anywhere
	}
	if len(fn.rootOf) > 0 && len(li.entry[fn]) == 0 {
		// go s.pickLocked(), time.AfterFunc(d, c.expireLocked): a
		// goroutine of its own starts holding no lock.
		return true
	}
	for _, cs := range fn.callers {
		if cs.call == nil && (cs.caller == nil || !li.valueHeldUnder(cs)) {
			return true // each(n, s.pickLocked), AfterFunc(d, c.expireLocked), a field, a package variable
		}
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil || li.runsUnseen(cs.caller) {
			continue
		}
		if hasLockContract(cs.caller) && cs.caller != fn {
			// A caller with a contract of its own vouches for the lock
			// only as far as its own callers keep it.
			if depth < maxContractChain && li.breaksContractAt(cs.caller, depth+1) {
				return true
			}
			continue
		}
		if !li.contractKept(fn, cs) {
			return true
		}
	}
	return false
}

// methodExprValue reports whether m is named by a method expression
// that is not called where it is written ((*store).pickLocked kept in a
// variable or handed on).
func (li *lockInfo) methodExprValue(m *types.Func) bool {
	if li.exprValues == nil {
		li.exprValues = make(map[*types.Func]bool)
		for _, f := range li.g.prog.Files() {
			info := f.Package.TypesInfo
			inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				s := info.Selections[sel]
				if s == nil || s.Kind() != types.MethodExpr {
					return true
				}
				if len(stack) > 0 {
					if call, isCall := stack[len(stack)-1].(*ast.CallExpr); isCall && ast.Unparen(call.Fun) == ast.Expr(sel) {
						return true // (*T).m(t, ...): a call
					}
				}
				if v, inTable := li.g.tableIndex().exprIn[sel]; inTable && li.tableReadLocked(v) {
					return true // an entry of a table run under a lock
				}
				if fn, ok := s.Obj().(*types.Func); ok {
					li.exprValues[fn.Origin()] = true
				}
				return true
			})
		}
	}
	return li.exprValues[m.Origin()]
}

// valueHeldUnder reports whether value reference cs (a method value or
// a function named as a value) is handed, as an argument, to a loaded
// function that runs it on the caller's goroutine under a lock contract
// of its own that its callers keep. Anything else (code that is not
// loaded, a goroutine, a setter that keeps it, a local, a field, a
// package variable) may run it holding nothing.
func (li *lockInfo) valueHeldUnder(cs callSite) bool {
	if cs.caller == nil {
		return false
	}
	info := cs.caller.file.Package.TypesInfo
	callee, i, _ := li.g.argCallee(cs.caller, func(arg ast.Expr) bool {
		return ast.Unparen(arg).Pos() == cs.pos || arg.Pos() <= cs.pos && cs.pos < arg.End() && isMethodValue(info, arg)
	})
	return callee != nil && callee.body != nil && !li.g.async[callee][i] && li.g.callsParam(callee, i, 0) && !li.callsParamBare(callee, i)
}

// isMethodValue reports whether e is a method value (s.pickLocked).
func isMethodValue(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodVal
}

// holdsObjectLock reports whether held has a mutex of some value, the
// kind a method's contract speaks of: a package-level lock is named the
// same everywhere, so where it were the one meant it would be seen as
// such, and a sync.Once is no lock.
func holdsObjectLock(held []lockRef) bool {
	for _, l := range held {
		if !l.once && !isPackageVar(l.base) {
			return true
		}
	}
	return false
}

// runsUnseen reports whether fn is a function literal that runs where the
// lock analysis cannot see: written in a package variable that is only
// read under a lock, handed to one loaded function that keeps it or
// calls it itself, possibly with a lock held (logAndApply(...,
// func() { return statsLocked() })), or written while a lock is held. A
// literal handed to code that is not loaded (t.Run), or to loaded code
// that runs it on a new goroutine, holds none of the user's locks.
func (li *lockInfo) runsUnseen(fn *funcNode) bool {
	lit, ok := fn.node.(*ast.FuncLit)
	if !ok {
		return false
	}
	if fn.parent == nil {
		// A literal in a package variable (a table of migrations) runs
		// where the code that looks it up calls it, out of sight; seen
		// to hold a lock when every read of the table does.
		return li.tableLocked(fn)
	}
	if fn.parent.body == nil || len(fn.rootOf) > 0 || li.g.localLits[fn] {
		// A goroutine's own literal starts holding nothing; one held in
		// a local (f := func() {...}; ...; f()) runs where f is called.
		return false
	}
	// Loaded code that starts the literal on a goroutine of its own
	// (func async(f func()) { go f() }) holds none of the caller's locks
	// there, and code that calls it holding no lock of its own (retry(f))
	// holds only the caller's: the call is seen. A literal handed over
	// with a lock held runs under it, or where the callee keeps it.
	callee, i := li.g.handedTo(fn)
	if (callee != nil || calledInPlace(fn, lit)) && len(li.heldAt(fn.parent, lit.Pos())) > 0 {
		return true // func() { ... }() or f(func() {...}) under the lock
	}
	return callee != nil && !li.g.async[callee][i] && !li.callsParamBare(callee, i)
}

// calledInPlace reports whether the literal fn, lit, is called where it
// is written (func() { ... }()): the call graph links that call.
func calledInPlace(fn *funcNode, lit *ast.FuncLit) bool {
	return slices.ContainsFunc(fn.callers, func(cs callSite) bool {
		return cs.call != nil && ast.Unparen(cs.call.Fun) == ast.Expr(lit)
	})
}

// callsParamBare reports whether fn calls its i-th parameter, a function
// value, itself, with no kept lock contract of its own: the value then
// runs with the locks fn's caller holds (argumentLocks), whatever lock fn
// takes around the call for itself (an executor's own mutex). A
// function whose name or doc says its callers hold the lock
// (logAndApply, called with DB.mu held), and whose callers do, runs it
// under that lock.
func (li *lockInfo) callsParamBare(fn *funcNode, i int) bool {
	if fn.obj == nil || fn.body == nil {
		return false
	}
	if hasLockContract(fn) {
		if li.bareBusy == nil {
			li.bareBusy = make(map[*funcNode]bool)
		}
		if li.bareBusy[fn] {
			return false
		}
		li.bareBusy[fn] = true
		broken := li.breaksContract(fn)
		delete(li.bareBusy, fn)
		if !broken {
			return false // its callers hold the lock, by its word
		}
	}
	params := fn.obj.Signature().Params()
	if i >= params.Len() {
		return false
	}
	v := params.At(i)
	info := fn.file.Package.TypesInfo
	calls := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && isVarUse(info, call.Fun, v) {
			calls = true
		}
		return !calls
	})
	return calls
}

// argumentLocks gives a literal passed as an argument to a call that does
// not run it on another goroutine (retry(func() {...}), sort.Slice, a
// helper that calls it before returning) the locks its caller holds at the
// call, as far as the literal sees them: it runs during the call.
func (li *lockInfo) argumentLocks() {
	for _, fn := range li.g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		ast.Inspect(fn.body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // its own function's turn
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var callee *funcNode
			if callees, dispatch := li.g.callees(info, call); !dispatch && len(callees) == 1 {
				callee = callees[0]
			}
			for i, arg := range call.Args {
				lit, ok := ast.Unparen(arg).(*ast.FuncLit)
				if !ok {
					continue
				}
				cb := li.g.byAST[lit]
				if cb == nil || len(cb.rootOf) > 0 || (callee != nil && li.g.async[callee][i]) {
					continue
				}
				for _, l := range capturedLocks(cb, li.heldAt(fn, call.Pos())) {
					if !li.g.keys.containsLock(li.entry[cb], l) {
						li.entry[cb] = append(li.entry[cb], l)
					}
				}
			}
			return true
		})
	}
}
