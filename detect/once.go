package detect

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// sync.Once. once.Do(f) runs f exactly once, and every Do on the same Once
// returns only after f has returned. So the writes f makes (lazy
// initialisation) happen before whatever follows a Do on that Once, in any
// goroutine. That is the ordering of a read-write lock that f holds
// exclusively and the code after a Do holds shared, and it is recorded as
// one (lockRef.once): the function passed to Do, and the functions only it
// calls, hold the Once exclusively; the statements after a Do in the same
// block, and the functions only they call, hold it shared. Two accesses are
// ordered when both hold the Once and the write holds it exclusively; two
// accesses after a Do are not ordered with each other.
//
// A gate is a function whose body starts with a Do (before any statement
// that may return): `func table() map[K]V { once.Do(load); return m }`.
// Its callers hold the Once shared from the call on, within the statement
// of the call (table()[k]) and after it (t := table(); t[k]).
//
// The orderings are kept apart from the mutex locksets so that code asking
// whether a real lock is held (summaries) does not see them.

// onceSuffix marks the lock keys (accessKeys) of a sync.Once, so that a
// suggestion never proposes "holding" one.
const onceSuffix = "~once"

// onceWalk is the state of a lockWalker computing Once orderings.
type onceWalk struct {
	li    *lockInfo
	gates map[*funcNode][]lockRef
}

// computeOnce computes the Once orderings of every function, in the form
// of computeLocks' locksets.
func (g *graph) computeOnce() *onceWalk {
	li := &lockInfo{g: g, intervals: make(map[*funcNode][]interval), entry: make(map[*funcNode][]lockRef)}
	ow := &onceWalk{li: li, gates: g.onceGates()}
	for _, fn := range g.funcs {
		if fn.body == nil {
			continue
		}
		w := &lockWalker{g: g, info: fn.file.Package.TypesInfo, fn: fn, once: ow}
		w.block(fn.body.List, nil)
		li.intervals[fn] = w.out
	}
	li.inherit()
	return ow
}

// onceDo returns the Once a call of sync.Once.Do locks, and the function
// argument.
func onceDo(info *types.Info, call *ast.CallExpr) (lockRef, ast.Expr, bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if calleeName(fn) != "sync.Once.Do" || len(call.Args) != 1 {
		return lockRef{}, nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return lockRef{}, nil, false
	}
	base, path, ok := decompose(info, sel.X)
	if !ok {
		return lockRef{}, nil, false
	}
	if s := info.Selections[sel]; s != nil && len(s.Index()) > 1 {
		path = append(path, implicitFields(info.TypeOf(sel.X), s.Index()[:len(s.Index())-1])...)
	}
	return lockRef{base: base, path: path, expr: sel.X, once: true}, call.Args[0], true
}

// onceGates finds the gate functions and the Once each goes through.
func (g *graph) onceGates() map[*funcNode][]lockRef {
	gates := make(map[*funcNode][]lockRef)
	for _, fn := range g.funcs {
		if fn.body == nil || fn.obj == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		for _, s := range fn.body.List {
			if es, ok := s.(*ast.ExprStmt); ok {
				if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
					if ref, _, ok := onceDo(info, call); ok {
						ref.read = true
						gates[fn] = append(gates[fn], ref)
						continue
					}
				}
			}
			if mayReturn(s) {
				break
			}
		}
	}
	return gates
}

// mayReturn reports whether a statement may leave its function, not
// counting function literals.
func mayReturn(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// onceStmt handles a simple statement in a Once walk: it records the
// statement, applies a Do (marking the function passed as holding the Once
// exclusively, the code after it as holding it shared) and the calls of
// gates, and returns what is held after the statement. ok is false for
// compound statements, which the ordinary walk handles.
func (w *lockWalker) onceStmt(s ast.Stmt, held []lockRef) ([]lockRef, bool) {
	switch s.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.IncDecStmt, *ast.SendStmt:
	default:
		return nil, false
	}
	w.record(s.Pos(), s.End(), held)
	after := held
	ast.Inspect(s, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if ref, arg, ok := onceDo(w.info, call); ok {
			w.onceTarget(ref, arg)
			ref.read = true
			after = append(append([]lockRef(nil), after...), ref)
			return true
		}
		if refs := w.once.gateRefs(w.g, w.info, call); len(refs) > 0 {
			after = append(append([]lockRef(nil), after...), refs...)
		}
		return true
	})
	return after, true
}

// onceTarget marks the function passed to Do as holding the Once: a
// literal, or a named function or method value that nothing else refers
// to (otherwise it also runs outside the Do).
func (w *lockWalker) onceTarget(ref lockRef, arg ast.Expr) {
	target := w.g.funcValue(w.info, arg)
	if target == nil {
		return
	}
	li := w.once.li
	if _, lit := ast.Unparen(arg).(*ast.FuncLit); lit {
		li.entry[target] = append(li.entry[target], ref)
		return
	}
	// Started as a goroutine, called from outside the loaded code, or
	// referred to by something other than this Do: it also runs unheld.
	if len(target.callers) != 1 || target.entry || len(target.rootOf) > 0 {
		return
	}
	if isPackageVar(ref.base) {
		li.entry[target] = append(li.entry[target], ref)
		return
	}
	// A method value on the Once's own owner: s.once.Do(s.load) holds
	// the receiver's once in load.
	sel, ok := ast.Unparen(arg).(*ast.SelectorExpr)
	if !ok || target.recvVar() == nil {
		return
	}
	if t, ok := w.g.keys.rebase(w.info, ref, sel.X, target.recvVar()); ok {
		li.entry[target] = append(li.entry[target], t)
	}
}

// rebase re-expresses ref, reached from the variable and fields of owner,
// from v instead: s.inner.once seen from owner s.inner becomes v.once. It
// fails when ref is not reached through owner.
func (k *declKeys) rebase(info *types.Info, ref lockRef, owner ast.Expr, v *types.Var) (lockRef, bool) {
	b, path, ok := decompose(info, owner)
	if !ok || k.of(b) != k.of(ref.base) || len(path) > len(ref.path) {
		return lockRef{}, false
	}
	for i := range path {
		if k.of(path[i]) != k.of(ref.path[i]) {
			return lockRef{}, false
		}
	}
	ref.base, ref.path = v, ref.path[len(path):]
	return ref, true
}

// gateRefs returns the Onces held shared after call, when it calls a gate:
// a package-level Once as it is, a Once of the gate's receiver seen from
// the call's receiver expression.
func (ow *onceWalk) gateRefs(g *graph, info *types.Info, call *ast.CallExpr) []lockRef {
	if ow == nil {
		return nil
	}
	callee := typeutil.StaticCallee(info, call)
	if callee == nil {
		return nil
	}
	fn := g.declared(callee)
	var out []lockRef
	for _, ref := range ow.gates[fn] {
		if isPackageVar(ref.base) {
			out = append(out, ref)
			continue
		}
		recv := fn.recvVar()
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if recv == nil || !ok || ow.li.g.keys.of(ref.base) != ow.li.g.keys.of(recv) {
			continue
		}
		b, path, ok := decompose(info, sel.X)
		if !ok {
			continue
		}
		ref.base, ref.path = b, append(append([]*types.Var(nil), path...), ref.path...)
		out = append(out, ref)
	}
	return out
}

// heldAt returns what is held at the access e in fn: the mutexes, and the
// Onces the access is ordered by, including the Once of a gate that e
// itself calls (table()[k], range table()).
func (a *analysis) heldAt(fn *funcNode, e ast.Expr) []lockRef {
	held := a.locks.heldAt(fn, e.Pos())
	if a.once == nil {
		return held
	}
	held = append(held, a.once.li.heldAt(fn, e.Pos())...)
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && fn != nil {
		held = append(held, a.once.gateRefs(a.g, fn.file.Package.TypesInfo, call)...)
	}
	return held
}

// isOnceKey reports whether an accessKeys key names a sync.Once.
func isOnceKey(k string) bool {
	return strings.HasSuffix(k, onceSuffix)
}
