package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// Maps made for a copy. A struct passed by value shares its map fields
// with the original; code that wants its own copies them first:
//
//	func (c *Client) getParallel(opts Options) {
//		opts.headers = maps.Clone(opts.headers)
//		opts.SetMatch(etag)
//		go func() { c.fetchAll(opts) }()
//	}
//
// The clone lives in getParallel's copy, and from there only goes down,
// by value, into the calls and goroutines it is handed to. An access that
// reaches its map that way (the fresh origin) and another made by code
// outside getParallel and what it runs, on a variable declared there, are
// on two maps: the pair is no witness, whatever else both share.

// copyOrigin is where a map was made fresh for a struct copy: v, a local or
// value parameter of home, whose field was set to it before own (the call
// argument or literal that hands v on, towards the access).
type copyOrigin struct {
	home  *funcNode
	v     *types.Var
	field *types.Var
	own   ast.Node
}

// apartFromOrigin reports whether access y, in context cy, is on a map
// with a fresh origin that access x, in context cx, never reaches: every
// way x has to its map starts from a variable declared outside the
// origin's function, or from the origin's copy itself before the map was
// handed on towards y.
func (a *analysis) apartFromOrigin(y *access, cy ctx, x *access, cx ctx) bool {
	if y.fn == nil || x.fn == nil || y.spawned || x.spawned || y.via != "" || x.via != "" {
		return false
	}
	v, field, ok := fieldOfVar(y)
	if !ok {
		return false
	}
	o, ok := a.freshOrigin(cy, true, y.fn, v, field, y.use.Expr.Pos(), y.use.Expr, 0)
	if !ok || !a.stayInHome(o) {
		return false
	}
	w, xfield, ok := fieldOfVar(x)
	if !ok || xfield != field {
		return false
	}
	return a.bases(cx, true, x.fn, w, x.use.Expr, 0, func(fn *funcNode, b *types.Var, _ *ast.CompositeLit, at ast.Node, last bool) (bool, bool) {
		pos := at.Pos()
		switch {
		case b == nil:
			return !contains(o.home.node, pos), true // a literal of its own
		case !contains(o.home.node, b.Pos()):
			return true, true // declared outside: never the copy's map
		case b == o.v && fn == o.home:
			if pos >= o.own.Pos() {
				return false, true
			}
			for _, l := range o.home.loops {
				if contains(l, pos) {
					return false, true // a later turn comes after the hand-off
				}
			}
			return true, true // the copy itself, before it is handed on
		}
		return false, last
	})
}

// fieldOfVar returns v and field of an access v.field (or (*v).field).
func fieldOfVar(x *access) (*types.Var, *types.Var, bool) {
	base, path, ok := decompose(x.use.File.Package.TypesInfo, x.use.Expr)
	if !ok || len(path) != 1 {
		return nil, nil, false
	}
	v, isVar := base.(*types.Var)
	return v, path[0], isVar && !v.IsField() && !isPackageVar(v)
}

// stayInHome reports whether the origin's function keeps its copy from
// going anywhere but down after handing it on: every later use of v reads
// or writes a field, calls a setter that keeps its receiver, passes v by
// value to a call, or is in a literal (freshFieldAt judged the uses up to
// the hand-off). A return, an
// address, an assignment or a send of v could carry the map back up.
func (a *analysis) stayInHome(o copyOrigin) bool {
	info := o.home.file.Package.TypesInfo
	ok := true
	inspect(o.home.body, func(n ast.Node, stack []ast.Node) bool {
		if !ok {
			return false
		}
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != o.v || insideLit(stack) || id.Pos() < o.own.End() {
			return ok // before the hand-off, freshFieldAt judged it
		}
		p, _ := nonParen(stack)
		if sel, isSel := p.(*ast.SelectorExpr); isSel {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
				if info.Uses[sel.Sel] != o.field {
					return ok // another field: not the way to the map
				}
				if q, _ := nonParen(stack[:len(stack)-1]); isCallArg(q, sel) && clonesMap(info, q.(*ast.CallExpr)) {
					return ok // copied, not handed on
				}
			}
		}
		switch {
		case pointerMethod(info, stack):
			ok = a.setterKeeps(info, selectorOf(stack))
		case stays(info, stack, id):
		case isCallArg(p, id):
		default:
			ok = false
		}
		return ok
	})
	return ok
}

// isCallArg reports whether e is an argument of the call p, passed by
// value.
func isCallArg(p ast.Node, e ast.Expr) bool {
	call, ok := p.(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, arg := range call.Args {
		if ast.Unparen(arg) == e {
			return true
		}
	}
	return false
}

// freshOrigin returns where the map v.field holds at pos in fn was made,
// when it was made there fresh for a local struct copy and reached pos
// only by value: as an argument of calls (in context cx, when filter is
// set; in every context once the walk has left cx's own calls), or
// captured by a literal. own is the expression or literal that hands v on
// at pos.
func (a *analysis) freshOrigin(cx ctx, filter bool, fn *funcNode, v, field *types.Var, pos token.Pos, own ast.Node, depth int) (copyOrigin, bool) {
	if depth > 8 || v.IsField() || isPackageVar(v) {
		return copyOrigin{}, false
	}
	if _, isStruct := v.Type().Underlying().(*types.Struct); !isStruct {
		return copyOrigin{}, false
	}
	home := fn
	for home != nil && !contains(home.node, v.Pos()) {
		home = home.parent
	}
	if home == nil || home.body == nil {
		return copyOrigin{}, false
	}
	if home != fn {
		// Captured: the literal written in home is what hands v on, and
		// sees whatever home does to v afterwards.
		lit := fn
		for lit.parent != home {
			lit = lit.parent
		}
		if !a.keptAfter(home, v, field, lit.node) {
			return copyOrigin{}, false
		}
		return a.freshOrigin(cx, false, home, v, field, lit.node.Pos(), lit.node, depth+1)
	}
	info := fn.file.Package.TypesInfo
	if a.freshFieldAt(fn, v, field, pos, own) {
		return copyOrigin{home: fn, v: v, field: field, own: own}, true
	}
	// Otherwise v.field is what fn was handed: v must be a value
	// parameter of fn whose field fn does not set before pos.
	if fn.obj == nil || fn.parent != nil || fn.entry || fn.valueRef {
		return copyOrigin{}, false
	}
	_, idx, ok := paramOf(fn, v)
	if !ok || assigned(info, fn.body, v) || setsField(info, fn.body, v, field, pos) {
		return copyOrigin{}, false
	}
	var found copyOrigin
	merge := func(caller *funcNode, call *ast.CallExpr, filter bool) bool {
		if caller == nil || call == nil || caller == fn {
			return false
		}
		_, id, w := boundVar(caller.file.Package.TypesInfo, call, fn, idx)
		if w == nil {
			return false
		}
		o, ok := a.freshOrigin(cx, filter, caller, w, field, call.Pos(), id, depth+1)
		if !ok || found.home != nil && o != found {
			return false
		}
		found = o
		return true
	}
	for _, cs := range fn.callers {
		if filter && (cs.caller == nil || !a.runsIn(cs.caller, cx)) {
			continue // another goroutine's call: another instance
		}
		if !merge(cs.caller, cs.call, filter) {
			return copyOrigin{}, false
		}
	}
	for _, r := range fn.rootOf {
		if r.kind != rootGo || r.lit != nil || len(r.targets) != 1 || !merge(r.spawner, r.call, false) {
			return copyOrigin{}, false
		}
	}
	return found, found.home != nil
}

// setsField reports whether body assigns v.field before pos.
func setsField(info *types.Info, body *ast.BlockStmt, v *types.Var, field *types.Var, pos token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.End() <= pos {
			for _, l := range as.Lhs {
				found = found || fieldOf(info, l, v, field)
			}
		}
		return !found
	})
	return found
}

// keptAfter reports whether home, which a literal lit captures v from,
// does nothing after lit that could change or let out what v.field holds:
// v is not addressed anywhere, neither v nor v.field is assigned after
// lit, and the uses of v after lit only read fields or call setters that
// keep their receiver.
func (a *analysis) keptAfter(home *funcNode, v, field *types.Var, lit ast.Node) bool {
	info := home.file.Package.TypesInfo
	kept := true
	inspect(home.body, func(n ast.Node, stack []ast.Node) bool {
		if !kept {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && as.Pos() >= lit.End() {
			for _, l := range as.Lhs {
				if fieldOf(info, l, v, field) || isIdentOf(info, l, v) {
					kept = false
				}
			}
		}
		use, ok := n.(*ast.Ident)
		if !ok || info.Uses[use] != v {
			return kept
		}
		if addressed(stack) {
			kept = false
		} else if use.Pos() >= lit.End() {
			if pointerMethod(info, stack) {
				kept = a.setterKeeps(info, selectorOf(stack))
			} else if !stays(info, stack, use) && !scalarField(info, stack) {
				kept = false
			}
		}
		return kept
	})
	return kept
}

// setterKeeps reports whether the pointer method that sel (in a file with
// info) calls keeps its receiver to itself (keepsVar). Its body must be
// loaded.
func (a *analysis) setterKeeps(info *types.Info, sel *ast.SelectorExpr) bool {
	if sel == nil || info.Selections[sel] == nil {
		return false
	}
	m, ok := info.Selections[sel].Obj().(*types.Func)
	if !ok {
		return false
	}
	fn := a.g.declared(m)
	if fn == nil {
		return false
	}
	return a.keepsVar(fn, m.Signature().Recv(), 0)
}

// argKept reports whether the function call runs keeps its argument i (a
// struct passed by value) to itself.
func (a *analysis) argKept(info *types.Info, call *ast.CallExpr, i int, depth int) bool {
	fn := a.g.onlyCallee(info, call)
	if fn == nil || fn.obj == nil || fn.parent != nil {
		return false
	}
	sig := fn.obj.Signature()
	if i >= sig.Params().Len() || sig.Variadic() && i == sig.Params().Len()-1 {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return false
		}
	}
	return a.keepsVar(fn, sig.Params().At(i), depth)
}

// keepsVar reports whether fn keeps v, its receiver or parameter, to
// itself: v is only used to select fields that stay where they are used
// (read, written, indexed, ranged over), to call methods that keep their
// receiver, or as a value argument of functions that keep it, a few calls
// deep. A struct so kept lends its maps to nobody.
func (a *analysis) keepsVar(fn *funcNode, v *types.Var, depth int) bool {
	if depth > 3 || fn == nil || fn.body == nil || v == nil {
		return false
	}
	finfo := fn.file.Package.TypesInfo
	kept := true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if !kept {
			return false
		}
		use, ok := n.(*ast.Ident)
		if !ok || finfo.Uses[use] != v {
			return true
		}
		s := selectorOf(stack)
		p, pi := nonParen(stack)
		switch {
		case s != nil && finfo.Selections[s] != nil && finfo.Selections[s].Kind() == types.MethodVal:
			m, _ := finfo.Selections[s].Obj().(*types.Func)
			kept = m != nil && a.keepsVar(a.g.declared(m), m.Signature().Recv(), depth+1)
		case isCallArg(p, use) && !startedCall(stack, pi):
			call := p.(*ast.CallExpr)
			kept = a.argKept(finfo, call, slices.IndexFunc(call.Args, func(e ast.Expr) bool { return ast.Unparen(e) == ast.Expr(use) }), depth+1)
		case !stays(finfo, stack, use) && !scalarField(finfo, stack):
			kept = false
		}
		return kept
	})
	return kept
}

// scalarField reports whether the identifier whose ancestors are stack is
// the operand of a selection of a field of basic type (a string, a
// number): whatever is done with it hands out no map.
func scalarField(info *types.Info, stack []ast.Node) bool {
	sel := selectorOf(stack)
	if sel == nil {
		return false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return false
	}
	_, basic := s.Type().Underlying().(*types.Basic)
	return basic
}
