package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
)

// ownElements reports whether accesses x and y, both elements of one slice
// of maps (s[i]), touch different elements whenever they can run at the
// same time: one is in the body of a range loop over indexes and uses the
// loop's index, the other runs in the goroutine that iteration starts and
// uses the index that iteration handed it (captured per iteration, or an
// argument of its go statement). Each iteration fills its own map and its
// goroutine reads only that one:
//
//	for i := range runs {
//		runs[i] = map[string]int{}
//		runs[i]["a"] = 1
//		go func() { use(runs[i]) }()
//	}
func (a *analysis) ownElements(x, y *access) bool {
	return a.ownElement(x, y) || a.ownElement(y, x)
}

// ownElement is ownElements with x in the loop body and y in the
// goroutine.
func (a *analysis) ownElement(x, y *access) bool {
	info := x.use.File.Package.TypesInfo
	if y.use.File.Package.TypesInfo != info {
		return false
	}
	bx, ix, ok := indexedVar(info, x.use.Expr)
	if !ok {
		return false
	}
	by, iy, ok := indexedVar(info, y.use.Expr)
	if !ok || bx != by {
		return false
	}
	loop := keyLoop(x.use.Stack, ix)
	if loop == nil || assigned(info, loop.Body, ix) {
		return false
	}
	for _, r := range a.g.roots {
		if r.lit == nil || r.spawner != x.fn || r.loop != loop || !contains(r.lit, y.use.Expr.Pos()) || contains(r.lit, x.use.Expr.Pos()) {
			continue
		}
		if assigned(info, r.lit.Body, iy) {
			return false
		}
		if iy == ix {
			return perIterationVars(info, x.use.File.Syntax)
		}
		params := r.lit.Type.Params
		k := 0
		for _, f := range params.List {
			for _, name := range f.Names {
				if info.Defs[name] == iy && k < len(r.call.Args) {
					id, ok := ast.Unparen(r.call.Args[k]).(*ast.Ident)
					return ok && info.Uses[id] == ix
				}
				k++
			}
		}
	}
	return false
}

// indexedVar returns v and i of an expression v[i] where both are
// variables.
func indexedVar(info *types.Info, e ast.Expr) (base, index *types.Var, ok bool) {
	ix, isIndex := ast.Unparen(e).(*ast.IndexExpr)
	if !isIndex {
		return nil, nil, false
	}
	b, okb := ast.Unparen(ix.X).(*ast.Ident)
	i, oki := ast.Unparen(ix.Index).(*ast.Ident)
	if !okb || !oki {
		return nil, nil, false
	}
	base, okb = info.Uses[b].(*types.Var)
	index, oki = info.Uses[i].(*types.Var)
	if !okb || !oki {
		return nil, nil, false
	}
	if _, isSlice := base.Type().Underlying().(*types.Slice); !isSlice {
		return nil, nil, false
	}
	return base, index, true
}

// keyLoop returns the innermost range statement of stack whose key
// variable, declared by the statement, is v.
func keyLoop(stack []ast.Node, v *types.Var) *ast.RangeStmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.RangeStmt:
			if k, ok := n.Key.(*ast.Ident); ok && n.Tok == token.DEFINE && v.Pos() == k.Pos() {
				return n
			}
		}
	}
	return nil
}

// perIterationVars reports whether each iteration of a loop in f has its
// own loop variables (Go 1.22 and later).
func perIterationVars(info *types.Info, f *ast.File) bool {
	v := info.FileVersions[f]
	return v != "" && version.Compare(v, "go1.22") >= 0
}

// assigned reports whether body assigns to v or takes its address.
func assigned(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if slices.ContainsFunc(n.Lhs, func(e ast.Expr) bool { return isVarUse(info, e, v) }) {
				found = true
			}
		case *ast.IncDecStmt:
			if isVarUse(info, n.X, v) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isVarUse(info, n.X, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isVarUse reports whether e is v, parentheses aside.
func isVarUse(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}
