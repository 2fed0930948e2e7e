package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values a call makes for itself. Several witnesses ask whether a
// variable only ever holds what its own function allocated (a struct
// each call of a spawner makes, a map each run of a function makes), or
// whether a call hands back such a value: then two runs never share it.

// onlyAssigned reports whether every value fn assigns to its local v
// passes fresh (a declaration without a value gives the zero value, which
// holds nothing), v is assigned at least once, a range never assigns it,
// its address is never taken but to return it, and (when noCapture) no function literal in
// fn uses it.
func onlyAssigned(fn *funcNode, v *types.Var, fresh func(ast.Expr) bool, noCapture bool) bool {
	if fn.body == nil {
		return false
	}
	info := fn.file.Package.TypesInfo
	assigned, ok := 0, true
	returned := make(map[*ast.UnaryExpr]bool)
	ast.Inspect(fn.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if noCapture {
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if id, isID := m.(*ast.Ident); isID && info.Uses[id] == v {
						ok = false
					}
					return ok
				})
				return false
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := ast.Unparen(l).(*ast.Ident)
				if !isID || (info.Defs[id] != v && info.Uses[id] != v) {
					continue
				}
				assigned++
				if val := tupleValue(n.Lhs, n.Rhs, i); val == nil || !fresh(val) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] == v {
					assigned++
					if val := tupleValue(n.Names, n.Values, i); len(n.Values) > 0 && (val == nil || !fresh(val)) {
						ok = false
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, isID := e.(*ast.Ident); isID && (info.Defs[id] == v || info.Uses[id] == v) {
					ok = false
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if u, isAddr := ast.Unparen(r).(*ast.UnaryExpr); isAddr && u.Op == token.AND {
					returned[u] = true // return &v hands v to the caller, done with it
				}
			}
		case *ast.UnaryExpr:
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && info.Uses[id] == v && !returned[n] {
				ok = false // &v may be assigned through
			}
		}
		return ok
	})
	return ok && assigned > 0
}

// tupleValue returns what the i-th of lhs is assigned from rhs: its own
// value, or the one call of a tuple assignment (m, err := build()), whose
// results returnsFresh judges together. It returns nil for the other
// tuple forms (v, ok := x.(T), <-ch, m[k]): they hand out nothing fresh.
func tupleValue[L any](lhs []L, rhs []ast.Expr, i int) ast.Expr {
	if len(lhs) == len(rhs) {
		return rhs[i]
	}
	if len(rhs) == 1 {
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			return call
		}
	}
	return nil
}

// returnsFresh reports whether fn returns at least once and every return
// hands back values that are fresh: a composite literal (or its address),
// a call freshCall accepts, or a local freshVar accepts. With several
// results, those of map or pointer type are the ones judged (the others,
// an error say, hold no map); nil is nobody's, so it counts as fresh, but
// some return must give a made value.
func returnsFresh(fn *funcNode, freshCall func(*ast.CallExpr) bool, freshVar func(*types.Var) bool) bool {
	if fn.body == nil {
		return false
	}
	info := fn.file.Package.TypesInfo
	sig := fn.signature()
	ok, made := true, 0
	fresh := func(res ast.Expr) bool {
		res = ast.Unparen(res)
		if u, isAddr := res.(*ast.UnaryExpr); isAddr && u.Op == token.AND {
			res = ast.Unparen(u.X)
		}
		switch res := res.(type) {
		case *ast.CompositeLit:
		case *ast.CallExpr:
			if !freshCall(res) {
				return false
			}
		case *ast.Ident:
			if _, isNil := info.Uses[res].(*types.Nil); isNil {
				return true
			}
			v, isVar := info.Uses[res].(*types.Var)
			if !isVar || !freshVar(v) {
				return false
			}
		default:
			return false
		}
		made++
		return true
	}
	ast.Inspect(fn.body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(x.Results) == 1:
				ok = ok && fresh(x.Results[0])
			case len(x.Results) > 1 && sig != nil && sig.Results().Len() == len(x.Results):
				judged := 0
				for i, res := range x.Results {
					switch sig.Results().At(i).Type().Underlying().(type) {
					case *types.Map, *types.Pointer:
						judged++
						ok = ok && fresh(res)
					}
				}
				ok = ok && judged > 0
			default:
				ok = false
			}
		}
		return ok
	})
	return ok && made > 0
}

// onlyCallee returns the one loaded function call runs, or nil.
func (g *graph) onlyCallee(info *types.Info, call *ast.CallExpr) *funcNode {
	callees, dispatch := g.callees(info, call)
	if dispatch || len(callees) != 1 {
		return nil
	}
	return callees[0]
}

// maxOriginDepth bounds the call sites followed back from a parameter.
const maxOriginDepth = 3

// origin is where an object is allocated: by function fn, in the call
// of fn made at at, or in an unknown call of fn when at is not valid.
type origin struct {
	fn *funcNode
	at token.Pos
}

// mayMeet reports whether the objects of two origins can be one object.
func (o origin) mayMeet(p origin) bool {
	return o.fn == p.fn && (o.at == p.at || !o.at.IsValid() || !p.at.IsValid())
}

// origins returns where every value v of fn can be allocated: by fn
// itself for a local only assigned what fn allocates, by the callee at
// the call for a local assigned the result of a function that returns
// only what it allocates, and for a parameter by the origins of the
// argument at each call site. ok is false when some value may come from
// elsewhere.
func (g *graph) origins(fn *funcNode, v *types.Var, depth int) ([]origin, bool) {
	if fn == nil || fn.body == nil || depth > maxOriginDepth {
		return nil, false
	}
	if freshIn(fn, v) {
		return []origin{{fn: fn}}, true
	}
	info := fn.file.Package.TypesInfo
	if contains(fn.body, v.Pos()) {
		var out []origin
		ok := onlyAssigned(fn, v, func(e ast.Expr) bool {
			callee := g.allocator(info, e)
			if callee == nil {
				return false
			}
			out = append(out, origin{fn: callee, at: e.Pos()})
			return true
		}, false)
		return out, ok
	}
	k, isParam := paramIndex(fn, v)
	if !isParam || fn.entry || fn.valueRef || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		return nil, false
	}
	var out []origin
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil || k >= len(cs.call.Args) || cs.call.Ellipsis.IsValid() {
			return nil, false
		}
		arg := ast.Expr(nil)
		if k >= 0 {
			arg = cs.call.Args[k]
		} else if sel, isSel := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); isSel {
			arg = sel.X // the receiver
		}
		cinfo := cs.caller.file.Package.TypesInfo
		if id, isID := ast.Unparen(arg).(*ast.Ident); isID {
			w, isVar := cinfo.Uses[id].(*types.Var)
			if !isVar {
				return nil, false
			}
			from, ok := g.origins(cs.caller, w, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, from...)
		} else if callee := g.allocator(cinfo, arg); arg != nil && callee != nil {
			out = append(out, origin{fn: callee, at: arg.Pos()})
		} else {
			return nil, false
		}
	}
	return out, true
}

// allocator returns the function whose call e is, when that function
// returns only what it allocates itself, or nil.
func (g *graph) allocator(info *types.Info, e ast.Expr) *funcNode {
	call, isCall := ast.Unparen(e).(*ast.CallExpr)
	if !isCall {
		return nil
	}
	callee := g.onlyCallee(info, call)
	if callee == nil || !returnsFresh(callee, func(c *ast.CallExpr) bool {
		return isBuiltin(callee.file.Package.TypesInfo, c, "new")
	}, func(w *types.Var) bool { return freshIn(callee, w) }) {
		return nil
	}
	return callee
}
