package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Table rows. A table-driven test ranges over a slice literal whose rows
// each spell out their own values (params: map[string]string{...}), and
// hands each row to a parallel subtest. Two subtests then never share a
// row's map, even though the row's field is one class:
//
//	tests := []struct{ params map[string]string }{
//		{map[string]string{"a": "1"}},
//		{map[string]string{"b": "2"}},
//	}
//	for _, tt := range tests {
//		t.Run("", func(t *testing.T) { t.Parallel(); delete(tt.params, "a") })
//	}

// tableRow reports whether v, a variable of fn declared in loop, holds
// one row of such a table in each iteration: it is loop's own range value
// variable (each iteration has its own, Go 1.22 on) or is assigned only
// that variable (tt := tt), loop ranges over a local that is assigned
// only a composite literal and used for nothing but ranging and len, and
// every row is a composite literal whose values are the row's own.
func tableRow(fn *funcNode, v *types.Var, loop ast.Node) bool {
	if fn.body == nil || hasGoto(fn.body) {
		return false // a goto may range over the table again
	}
	info := fn.file.Package.TypesInfo
	rs, ok := loop.(*ast.RangeStmt)
	if !ok || rs.Tok != token.DEFINE {
		return false
	}
	val, ok := rs.Value.(*ast.Ident)
	if !ok {
		return false
	}
	rv, _ := info.Defs[val].(*types.Var)
	if rv == nil {
		return false
	}
	switch {
	case rv == v:
		if !perIterationVars(info, fn.file.Syntax) {
			return false
		}
	case !onlyAssigned(fn, v, func(e ast.Expr) bool { return isVarUse(info, e, rv) }, false):
		return false
	}
	for _, w := range []*types.Var{rv, v} {
		if fieldAssigned(info, rs.Body, w) || rowLeaks(info, rs.Body, w) {
			return false
		}
	}
	if assigned(info, rs.Body, rv) {
		return false
	}
	tv, table, ok := rootTable(fn, rs.X)
	if !ok {
		return false
	}
	for _, l := range fn.loops {
		if l != loop && contains(l, rs.Pos()) && !contains(l, tv.Pos()) {
			return false // the rows come round again in the next iteration of l
		}
	}
	lit, ok := ast.Unparen(table).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, row := range lit.Elts {
		if kv, ok := row.(*ast.KeyValueExpr); ok {
			row = kv.Value
		}
		if u, ok := ast.Unparen(row).(*ast.UnaryExpr); ok && u.Op == token.AND {
			row = u.X
		}
		if _, ok := ast.Unparen(row).(*ast.CompositeLit); !ok || !rowOwn(info, row) {
			return false
		}
	}
	return len(lit.Elts) > 0
}

// fieldAssigned reports whether body assigns to something reached from
// v other than a map's element (tt.params = defaults, *tt.m = defaults),
// swapping a row's value for another.
func fieldAssigned(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return !found
		}
		for _, l := range as.Lhs {
			l = ast.Unparen(l)
			if ix, isIndex := l.(*ast.IndexExpr); isIndex {
				if _, isMap := info.TypeOf(ix.X).Underlying().(*types.Map); isMap {
					continue // a map element: the map stays the row's
				}
			}
			if _, isIdent := l.(*ast.Ident); isIdent {
				continue // v itself: asked elsewhere
			}
			if b, ok := rootVar(info, l); ok && b == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// holdsPointers reports whether a value of type t holds a pointer through
// which a row's fields could be changed: a pointer, or a struct or array
// holding one, or a map of such. Other maps, strings and functions are
// handed as they are: the map stays the row's.
func holdsPointers(t types.Type) bool {
	return holdsPointersDepth(t, 0)
}

func holdsPointersDepth(t types.Type, depth int) bool {
	if t == nil || depth > 4 {
		return t != nil
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Slice, *types.Chan:
		return true
	case *types.Map:
		// A map of pointers (backends map[string]*backend) hands out
		// what the row points to.
		return holdsPointersDepth(u.Key(), depth+1) || holdsPointersDepth(u.Elem(), depth+1)
	case *types.Struct:
		for f := range u.Fields() {
			if holdsPointersDepth(f.Type(), depth+1) {
				return true
			}
		}
	case *types.Array:
		return holdsPointersDepth(u.Elem(), depth+1)
	}
	return false
}

// hasGoto reports whether body holds a goto statement.
func hasGoto(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// rowLeaks reports whether body may change v's fields out of sight: a
// method is called on v or on a value reached from its fields, their
// address is taken, or a value drawn from them that holds a pointer is
// used whole (useDefaults(tt), c := tt.cfg, range tt.backends).
func rowLeaks(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	inspect(body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found || info.Uses[id] != types.Object(v) {
			return !found
		}
		// e is the row's value as far as its fields are followed.
		var e ast.Expr = id
		i := len(stack) - 1
		for ; i >= 0; i-- {
			sel, isSel := stack[i].(*ast.SelectorExpr)
			if !isSel || sel.X != e {
				break
			}
			if s := info.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
				found = true // a method on it, of either receiver kind
				return false
			}
			e = sel
		}
		if i >= 0 {
			if u, isUnary := stack[i].(*ast.UnaryExpr); isUnary && u.Op == token.AND {
				found = true // its address
				return false
			}
		}
		// Used whole (handed on, copied out, ranged over, put in a
		// literal, returned): a pointer in it lets it change elsewhere.
		found = holdsPointers(info.TypeOf(e))
		return !found
	})
	return found
}

// rootTable returns the local of fn that x, the ranged expression, names
// and the composite literal it holds: assigned only that literal and
// otherwise only ranged over or measured.
func rootTable(fn *funcNode, x ast.Expr) (*types.Var, ast.Expr, bool) {
	info := fn.file.Package.TypesInfo
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil, nil, false
	}
	t, ok := info.Uses[id].(*types.Var)
	if !ok || isPackageVar(t) {
		return nil, nil, false
	}
	var value ast.Expr
	count := 0
	ok = true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		ref, isID := n.(*ast.Ident)
		if !isID || (info.Uses[ref] != t && info.Defs[ref] != t) {
			return ok
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.AssignStmt:
			for i, l := range p.Lhs {
				if l == ast.Expr(ref) && len(p.Lhs) == len(p.Rhs) {
					value = p.Rhs[i]
					count++
					return ok
				}
			}
			ok = false
		case *ast.ValueSpec:
			for i, name := range p.Names {
				if name == ref && i < len(p.Values) {
					value = p.Values[i]
					count++
					return ok
				}
			}
			ok = false
		case *ast.RangeStmt:
			if p.X != ast.Expr(ref) {
				ok = false
			}
		case *ast.CallExpr:
			if !isBuiltin(info, p, "len") {
				ok = false
			}
		default:
			ok = false
		}
		return ok
	})
	return t, value, ok && count == 1
}

// rowOwn reports whether every value e spells out is made by e itself or
// holds no object: literals, constants, function literals and named
// functions, make and new, and composite literals of those.
func rowOwn(info *types.Info, e ast.Expr) bool {
	if tv, ok := info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return true
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isStruct := info.TypeOf(e).Underlying().(*types.Struct); !isStruct && !rowOwn(info, kv.Key) {
					return false
				}
				el = kv.Value
			}
			if !rowOwn(info, el) {
				return false
			}
		}
		return true
	case *ast.UnaryExpr:
		return e.Op == token.AND && rowOwn(info, e.X)
	case *ast.CallExpr:
		if isBuiltin(info, e, "make") || isBuiltin(info, e, "new") {
			return true
		}
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return rowOwn(info, e.Args[0]) // a conversion
		}
		return false
	case *ast.Ident:
		_, isFunc := info.Uses[e].(*types.Func)
		return isFunc
	case *ast.SelectorExpr:
		_, isFunc := info.Uses[e.Sel].(*types.Func)
		return isFunc && info.Selections[e] == nil
	}
	return false
}
