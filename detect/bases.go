package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// bases walks from variable v, used at node at in fn, to the variables
// its value comes from: through captures, and through parameters (by
// value or by pointer) to the arguments of every call (in context cx
// while filter is set). It calls visit with each variable on the way and
// the node that hands it on there (the access, a call, a literal), last
// set where the walk cannot go further (a local, or a parameter of a
// function called only from outside the loaded code), or with a nil
// variable and a struct literal passed as the argument; visit may stop a
// branch of the walk with its verdict. bases reports whether every
// verdict was true; a walk it cannot follow (a call through a value, an
// argument it cannot name, too long a way) is false.
func (a *analysis) bases(cx ctx, filter bool, fn *funcNode, v *types.Var, at ast.Node, depth int, visit baseVisit) bool {
	w := &baseWalk{a: a, cx: cx, visit: visit, seen: make(map[baseKey]bool)}
	return w.walk(filter, fn, v, at, depth)
}

// baseVisit is called by bases on each variable or literal of the walk.
type baseVisit func(fn *funcNode, v *types.Var, lit *ast.CompositeLit, at ast.Node, last bool) (ok, stop bool)

// baseWalk is one walk of bases: a step already taken (the same variable
// reached at the same node again) adds nothing.
type baseWalk struct {
	a     *analysis
	cx    ctx
	visit baseVisit
	seen  map[baseKey]bool
}

type baseKey struct {
	fn     *funcNode
	v      *types.Var
	pos    token.Pos
	filter bool
}

func (w *baseWalk) walk(filter bool, fn *funcNode, v *types.Var, at ast.Node, depth int) bool {
	k := baseKey{fn, v, at.Pos(), filter}
	if w.seen[k] {
		return true
	}
	w.seen[k] = true
	if depth > 16 || len(w.seen) > 512 {
		return false
	}
	a, cx, visit := w.a, w.cx, w.visit
	home := fn
	for home != nil && !contains(home.node, v.Pos()) {
		home = home.parent
	}
	if home == nil {
		return false
	}
	_, idx, isParam := paramOf(fn, v)
	last := home == fn && (!isParam || fn.parent != nil || fn.body == nil || fn.entry && len(fn.callers) == 0 && len(fn.rootOf) == 0)
	if ok, stop := visit(fn, v, nil, at, last); stop {
		return ok
	}
	if home != fn {
		lit := fn
		for lit.parent != home {
			lit = lit.parent
		}
		return w.walk(false, home, v, lit.node, depth+1)
	}
	info := fn.file.Package.TypesInfo
	if last || fn.valueRef || assigned(info, fn.body, v) {
		return false
	}
	follow := func(caller *funcNode, call *ast.CallExpr, filter bool) bool {
		if caller == nil || call == nil || caller == fn {
			return false
		}
		cinfo := caller.file.Package.TypesInfo
		e, _, arg := boundVar(cinfo, call, fn, idx)
		if arg == nil || arg.IsField() || isPackageVar(arg) {
			if lit, isLit := e.(*ast.CompositeLit); isLit {
				ok, _ := visit(caller, nil, lit, lit, true) // a value made at the call
				return ok
			}
			return false
		}
		return w.walk(filter, caller, arg, call, depth+1)
	}
	seen := false
	for _, cs := range fn.callers {
		if filter && (cs.caller == nil || !a.runsIn(cs.caller, cx)) {
			continue
		}
		if !follow(cs.caller, cs.call, filter) {
			return false
		}
		seen = true
	}
	for _, r := range fn.rootOf {
		if r.kind != rootGo || r.lit != nil || len(r.targets) != 1 || !follow(r.spawner, r.call, false) {
			return false
		}
		seen = true
	}
	return seen
}

// boundVar returns what call binds to parameter idx of decl, without
// parentheses, conversions to struct types or a taken address, and the
// variable it names when it is one (nil otherwise).
func boundVar(info *types.Info, call *ast.CallExpr, decl *funcNode, idx int) (ast.Expr, *ast.Ident, *types.Var) {
	arg := boundArg(info, call, decl, idx)
	if arg == nil {
		return nil, nil, nil
	}
	e := ast.Unparen(unconvert(info, arg))
	if u, isAddr := e.(*ast.UnaryExpr); isAddr && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	id, isID := e.(*ast.Ident)
	if !isID {
		return e, nil, nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		return e, nil, nil
	}
	return e, id, v
}
