package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/mapfix/mapfix/internal/load"
)

// Function values kept in a struct field. An actor's API often wraps its
// work in a closure and hands it to a function that sends it to the
// actor's loop inside a request struct (s.opCh <- &op{f: f}), and the loop
// runs it with op.f(). The closure runs where the field is called, not in
// the code that writes it, which only waits for the answer. When a field
// of function type is only ever called and stored, a literal handed to a
// function that does nothing with that parameter but store it in the
// field is linked to the functions that call the field, not to the
// function that writes the literal.
//
// Which call of the field runs which of the values stored in it is not
// known (one call of w.job() runs every worker's job, on whatever
// goroutine runs that worker), so the edges are not static: a pair they
// alone make is not a witness. A literal stored in a field directly
// (&scanCallback{found: func...}) keeps its old place, where it is
// written: such callback structs are mostly handed to code that runs them
// before it returns, on goroutines it waits for, and the writer's place
// keeps that order.

// fieldCall is a call of a function-typed field, in the function fn, that
// runs at pos (the end of fn's body for a deferred call).
type fieldCall struct {
	fn   *funcNode
	call *ast.CallExpr
	pos  token.Pos
}

// funcFields indexes the calls of the unexported, function-typed fields of
// loaded struct types. A field used any other way than called or written
// (read as a value, called by a go statement or at package level) maps to
// nil: the values stored in it may run anywhere.
func (g *graph) funcFields(files []*load.File) map[*types.Var][]fieldCall {
	out := make(map[*types.Var][]fieldCall)
	open := make(map[*types.Var]bool)
	for _, f := range files {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || len(stack) == 0 {
				return true
			}
			s := info.Selections[sel]
			if s == nil || s.Kind() != types.FieldVal {
				return true
			}
			v, ok := s.Obj().(*types.Var)
			if !ok || !isFunc(v.Type()) {
				return true
			}
			v = v.Origin() // one field for every instance of a generic struct
			if v.Exported() || g.prog.FileOf(v.Pos()) == nil {
				open[v] = true
				return true
			}
			p, at := nonParen(stack)
			switch p := p.(type) {
			case *ast.CallExpr:
				caller := g.enclosing(stack)
				var outer ast.Node // what holds the call
				if at > 0 {
					outer = stack[at-1]
				}
				if _, isGo := outer.(*ast.GoStmt); ast.Unparen(p.Fun) != ast.Expr(sel) || caller == nil || isGo {
					open[v] = true
					return true
				}
				pos := p.Pos()
				if d, ok := outer.(*ast.DeferStmt); ok && d.Call == p && caller.body != nil {
					pos = caller.body.Rbrace // a deferred call runs at return
				}
				out[v] = append(out[v], fieldCall{caller, p, pos})
			case *ast.AssignStmt:
				if !slices.ContainsFunc(p.Lhs, func(l ast.Expr) bool { return ast.Unparen(l) == ast.Expr(sel) }) {
					open[v] = true
				}
			case *ast.BinaryExpr:
				// op.f != nil before calling it.
				if !isNilIdent(info, p.X) && !isNilIdent(info, p.Y) {
					open[v] = true
				}
			default:
				open[v] = true
			}
			return true
		})
	}
	for v := range open {
		out[v] = nil
	}
	return out
}

// heldInField returns the function-typed field, indexed by funcFields,
// that the literal lit (whose enclosing nodes are stack) is handed to a
// function to store in: the function does nothing with that parameter but
// store it in the field. It returns nil otherwise.
func (g *graph) heldInField(info *types.Info, lit *ast.FuncLit, stack []ast.Node) *types.Var {
	call, ok := parentOf(stack).(*ast.CallExpr)
	if !ok {
		return nil
	}
	var fld *types.Var
	for i, arg := range call.Args {
		if arg != ast.Expr(lit) {
			continue
		}
		if isMethodExpr(info, call.Fun) {
			i-- // (*T).m(x, f): the receiver comes first
		}
		if callees, dispatch := g.callees(info, call); len(callees) == 1 && !dispatch && i >= 0 {
			fld = g.paramField(callees[0], i)
		}
	}
	if fld == nil || len(g.fieldCalls[fld]) == 0 {
		return nil
	}
	return fld
}

// paramField returns the field that fn stores its i-th parameter in, when
// that is all fn does with it; nil otherwise.
func (g *graph) paramField(fn *funcNode, i int) *types.Var {
	key := paramKey{fn, i}
	if v, ok := g.paramFields[key]; ok {
		return v
	}
	v := g.storedParam(fn, i)
	if g.paramFields == nil {
		g.paramFields = make(map[paramKey]*types.Var)
	}
	g.paramFields[key] = v
	return v
}

// paramKey names a function's parameter by its index.
type paramKey struct {
	fn *funcNode
	i  int
}

// storedParam computes paramField.
func (g *graph) storedParam(fn *funcNode, i int) *types.Var {
	if fn.body == nil || fn.obj == nil {
		return nil
	}
	sig := fn.obj.Signature()
	if i >= sig.Params().Len() || sig.Variadic() && i == sig.Params().Len()-1 {
		return nil
	}
	v := sig.Params().At(i)
	info := fn.file.Package.TypesInfo
	var fld *types.Var
	ok := true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if !ok {
			return false
		}
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != v {
			return true
		}
		var f *types.Var
		switch p := parentOf(stack).(type) {
		case *ast.KeyValueExpr:
			if p.Value == ast.Expr(id) {
				f = keyField(info, p)
			}
		case *ast.AssignStmt:
			f = assignedField(info, p, id)
		}
		if f == nil || fld != nil && f != fld || insideLit(stack) {
			ok = false
			return false
		}
		fld = f
		return true
	})
	if !ok {
		return nil
	}
	return fld
}

// keyField returns the struct field that a keyed element of a struct
// literal sets, or nil.
func keyField(info *types.Info, kv *ast.KeyValueExpr) *types.Var {
	id, ok := kv.Key.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !v.IsField() {
		return nil
	}
	return v.Origin()
}

// assignedField returns the field that as assigns e to (x.f = e), or nil.
func assignedField(info *types.Info, as *ast.AssignStmt, e ast.Expr) *types.Var {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	for i, r := range as.Rhs {
		if r != e {
			continue
		}
		sel, ok := ast.Unparen(as.Lhs[i]).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
			if v, ok := s.Obj().(*types.Var); ok {
				return v.Origin()
			}
		}
	}
	return nil
}

// isNilIdent reports whether e is the predeclared nil.
func isNilIdent(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// isMethodExpr reports whether fun is a method expression ((*T).m).
func isMethodExpr(info *types.Info, fun ast.Expr) bool {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodExpr
}
