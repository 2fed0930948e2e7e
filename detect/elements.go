package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Goroutines started one per element of a collection:
//
//	for _, l := range s.loops {
//		go loopRun(s, l)
//	}
//
// Each instance is handed its own element. When both accesses of a pair
// reach the map only through that element, and every object of the
// owner's type has a map of its own (every assignment to the field gives
// it a map made there), two instances meet on one map only if the collection holds
// one object twice, which nothing shows: the pair is no witness. The
// goroutine may be handed more (s reaches every loop), but what matters is
// the path its accesses take.

// perElement reports whether the pair cf, two instances of root r, reach
// their map only through the element r's range loop hands each instance.
func (a *analysis) perElement(c *mapclass.Class, r *root, cf conflict) bool {
	if !fieldOnlyFresh(c) {
		return false
	}
	v := a.elementVar(r)
	if v == nil {
		return false
	}
	for _, x := range []*access{cf.a, cf.b} {
		if x.fn == nil || x.spawned || x.via != "" || !a.throughVar(r, cf.ca, v, x.fn, x.use.Expr, 0) {
			return false
		}
	}
	return true
}

// elementVar returns the value variable of the range loop that starts r,
// one go statement per element of a slice, array or map that the
// spawner's own call made: a second call of the spawner ranges over
// other elements. It returns nil for any other root.
func (a *analysis) elementVar(r *root) *types.Var {
	if r.kind != rootGo || r.spawner == nil || !singleLoop(r) {
		return nil
	}
	rs, ok := r.loop.(*ast.RangeStmt)
	if !ok || rs.Tok != token.DEFINE || rs.Value == nil || !contains(rs.Body, r.pos) {
		return nil
	}
	info := r.spawner.file.Package.TypesInfo
	id, ok := rs.Value.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Defs[id].(*types.Var)
	if !ok || assigned(info, rs.Body, v) {
		return nil
	}
	t := info.TypeOf(rs.X)
	if t == nil {
		return nil
	}
	if p, isPtr := t.Underlying().(*types.Pointer); isPtr {
		t = p.Elem()
	}
	if _, isSlice := t.Underlying().(*types.Slice); !isSlice {
		return nil
	}
	base, path, ok := decompose(info, rs.X)
	b, isVar := base.(*types.Var)
	if !ok || !isVar || !ownCollection(r.spawner, b) && !startedOnce(r.spawner) {
		return nil
	}
	if !a.freshElements(r.spawner, b, path) {
		return nil
	}
	return v
}

// freshElements reports whether the slice named by b and path (a local
// of spawner, or a field of any value when path is not empty) only ever
// gets elements allocated where they are stored: every assignment to it
// appends one element, or stores one at an index, that is a literal,
// new(T), or a variable of the loop around the store that only ever
// holds such. A slice filled with one pointer twice, or with copies of a
// template, holds elements that share their maps.
func (a *analysis) freshElements(spawner *funcNode, b *types.Var, path []*types.Var) bool {
	var field *types.Var
	if len(path) > 0 {
		field = path[len(path)-1]
	}
	names := func(info *types.Info, e ast.Expr) bool {
		if field == nil {
			return isIdentOf(info, e, b)
		}
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		return ok && info.Uses[sel.Sel] == field
	}
	files := a.prog.Files()
	if field == nil {
		files = []*load.File{spawner.file}
	}
	fresh := true
	for _, f := range files {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			if !fresh {
				return false
			}
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, l := range as.Lhs {
				if ix, isIndex := ast.Unparen(l).(*ast.IndexExpr); isIndex && names(info, ix.X) {
					fresh = len(as.Lhs) == len(as.Rhs) && a.freshElement(f, info, as.Rhs[i], stack)
					continue
				}
				if !names(info, l) {
					continue
				}
				if len(as.Lhs) != len(as.Rhs) {
					fresh = false
					continue
				}
				switch rhs := ast.Unparen(as.Rhs[i]).(type) {
				case *ast.CallExpr:
					switch {
					case isBuiltin(info, rhs, "make"):
					case isBuiltin(info, rhs, "append") && len(rhs.Args) == 2 && !rhs.Ellipsis.IsValid() && names(info, rhs.Args[0]):
						fresh = a.freshElement(f, info, rhs.Args[1], stack)
					default:
						fresh = false
					}
				case *ast.CompositeLit:
					fresh = len(rhs.Elts) == 0
				default:
					fresh = isNilIdent(info, rhs)
				}
			}
			return fresh
		})
	}
	return fresh
}

// freshElement reports whether e, stored into a collection by the
// statement whose ancestors are stack, is allocated there: a literal, its
// address, new(T), or a variable declared in the innermost loop around
// the store that only ever holds such.
func (a *analysis) freshElement(f *load.File, info *types.Info, e ast.Expr, stack []ast.Node) bool {
	if literalAlloc(info, e) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	w, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	loop := innermostLoop(stack)
	if loop == nil || !contains(loop, w.Pos()) {
		return false
	}
	var fn *funcNode
	for i := len(stack) - 1; i >= 0 && fn == nil; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = a.g.byAST[stack[i]]
		}
	}
	return fn != nil && freshIn(fn, w)
}

// startedOnce reports whether the function starting the goroutines runs
// once for whatever it ranges over: its declaration, and those of the
// functions calling it up to an entry point, each have at most one call
// site in the loaded code, outside any loop and any goroutine, and are
// not used as values. (Server.Start called once by main; a restart that
// calls it again would range over the same elements a second time.)
func startedOnce(spawner *funcNode) bool {
	fn := spawner
	for range 6 {
		decl := declOf(fn)
		if decl.valueRef || len(decl.rootOf) > 0 || len(decl.callers) > 1 {
			return false
		}
		if len(decl.callers) == 0 {
			return true // called from outside the loaded code, or main
		}
		cs := decl.callers[0]
		if cs.caller == nil || cs.call == nil || cs.caller.loopAt(cs.pos) != nil {
			return false
		}
		for f := cs.caller; f != nil; f = f.parent {
			if len(f.rootOf) > 0 {
				return false // run by a goroutine, which may run twice
			}
		}
		fn = cs.caller
	}
	return false
}

// litParam returns the index of v among the parameters of lit.
func litParam(info *types.Info, lit *ast.FuncLit, v *types.Var) (int, bool) {
	i := 0
	for _, f := range lit.Type.Params.List {
		for _, name := range f.Names {
			if info.Defs[name] == v {
				return i, true
			}
			i++
		}
		if len(f.Names) == 0 {
			i++
		}
	}
	return 0, false
}

// ownCollection reports whether b, a local of fn, holds only what fn
// makes itself: a struct it allocates (s := &server{}, then s.loops), or
// a collection it makes, fills by append, or declares empty.
func ownCollection(fn *funcNode, b *types.Var) bool {
	if freshIn(fn, b) {
		return true
	}
	if fn.body == nil || !contains(fn.body, b.Pos()) {
		return false
	}
	info := fn.file.Package.TypesInfo
	return onlyAssigned(fn, b, func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if literalAlloc(info, e) {
			return true
		}
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return false
		}
		if isBuiltin(info, call, "make") {
			return true
		}
		return isBuiltin(info, call, "append") && len(call.Args) > 0 && isVarUse(info, call.Args[0], b)
	}, false)
}

// throughVar reports whether map expression e, in fn, running in context
// cx of root r, is reached only from v: v itself, captured by r's
// literal, or a parameter that every call made in r's goroutine binds to
// such an expression, up to the go statement that hands v over.
func (a *analysis) throughVar(r *root, cx ctx, v *types.Var, fn *funcNode, e ast.Expr, depth int) bool {
	if depth > 6 {
		return false
	}
	info := fn.file.Package.TypesInfo
	base, path, ok := decompose(info, e)
	bv, isVar := base.(*types.Var)
	// The access selects the map field of the element itself (l.fdconns,
	// not l.next.fdconns); an argument on the way is the element itself.
	if !ok || !isVar || depth == 0 && len(path) != 1 || depth > 0 && len(path) != 0 {
		return false
	}
	if bv == v {
		// Captured by the goroutine's literal: each iteration's own
		// variable only since Go 1.22.
		return r.lit != nil && contains(r.lit, e.Pos()) && perIterationVars(info, fn.file.Syntax)
	}
	if r.lit != nil && fn.node == ast.Node(r.lit) {
		// A parameter of the goroutine's literal: bound by the go
		// statement's argument.
		if i, isParam := litParam(info, r.lit, bv); isParam {
			return i < len(r.call.Args) && !assigned(info, r.lit.Body, bv) && isVarUse(r.spawner.file.Package.TypesInfo, r.call.Args[i], v)
		}
	}
	decl, idx, _, _, ok := paramRef(fn, e)
	if !ok || decl.body == nil || assigned(info, decl.body, bv) {
		return false
	}
	found := false
	if slices.Contains(r.targets, decl) {
		if r.lit != nil || len(r.targets) != 1 {
			return false
		}
		arg := boundArg(r.spawner.file.Package.TypesInfo, r.call, decl, idx)
		if arg == nil || !isVarUse(r.spawner.file.Package.TypesInfo, arg, v) {
			return false
		}
		found = true
	}
	for _, cs := range decl.callers {
		if cs.caller == nil || !a.runsIn(cs.caller, cx) {
			continue // another goroutine's call: another instance
		}
		if cs.call == nil || cs.caller == decl {
			return false // called through a value, or recursively
		}
		arg := boundArg(cs.caller.file.Package.TypesInfo, cs.call, decl, idx)
		if arg == nil || !a.throughVar(r, cx, v, cs.caller, arg, depth+1) {
			return false
		}
		found = true
	}
	return found
}

// boundArg returns the expression call binds to parameter idx of decl
// (-1: the receiver), or nil when that is not one expression (a variadic
// parameter, a method expression, a receiver not selected).
func boundArg(info *types.Info, call *ast.CallExpr, decl *funcNode, idx int) ast.Expr {
	if call == nil || decl.obj == nil {
		return nil
	}
	sig := decl.obj.Signature()
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if isSel {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return nil
		}
	}
	if idx < 0 {
		if !isSel || sig.Recv() == nil {
			return nil
		}
		return sel.X
	}
	if sig.Variadic() && idx == sig.Params().Len()-1 || idx >= len(call.Args) {
		return nil
	}
	return call.Args[idx]
}
