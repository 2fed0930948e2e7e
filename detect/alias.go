package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Owners under other names. Code often reaches a mutex or a map through a
// local that only renames part of its owner: mu := &s.mu, t := s,
// m := s.m, inner := ix.byTenant[t]. For comparing locks these locals are
// their owner expressions, so that locking mu is locking s.mu, and writing
// m is writing s.m under whatever guards s.
//
// A local is an alias when it is a pointer or a map, is defined from such
// an owner expression, and every later assignment to it stores either the
// same owner expression or a fresh map (inner = make(...), which the code
// then stores into the owner). A local whose address is taken is not.

// computeAliases records the aliases among the locals of every loaded
// function.
func (g *graph) computeAliases() {
	g.aliases = make(map[*types.Var]ast.Expr)
	bad := make(map[*types.Var]bool)
	for _, fn := range g.funcs {
		if fn.parent != nil || fn.body == nil {
			continue // literals are walked with their enclosing declaration
		}
		info := fn.file.Package.TypesInfo
		ast.Inspect(fn.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					for _, l := range n.Lhs {
						g.disqualify(info, l, bad)
					}
					return true
				}
				for i, l := range n.Lhs {
					g.assignAlias(info, l, n.Rhs[i], n.Tok, bad)
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						g.assignAlias(info, name, n.Values[i], token.DEFINE, bad)
					}
				}
			case *ast.RangeStmt:
				g.disqualify(info, n.Key, bad)
				g.disqualify(info, n.Value, bad)
			case *ast.IncDecStmt:
				g.disqualify(info, n.X, bad)
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					g.disqualify(info, n.X, bad)
				}
			}
			return true
		})
	}
	for v := range bad {
		delete(g.aliases, v)
	}
}

// assignAlias takes one assignment of rhs to the local lhs into account.
func (g *graph) assignAlias(info *types.Info, lhs, rhs ast.Expr, tok token.Token, bad map[*types.Var]bool) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	v := localVar(info, id)
	if v == nil || bad[v] {
		return
	}
	if tok != token.DEFINE && tok != token.ASSIGN {
		bad[v] = true
		return
	}
	if isFreshMap(info, rhs) {
		return // a new map the code stores into the owner
	}
	switch v.Type().Underlying().(type) {
	case *types.Pointer, *types.Map:
	default:
		bad[v] = true
		return
	}
	if _, _, ok := decomposeOwner(info, rhs, nil); !ok {
		bad[v] = true
		return
	}
	if prev, ok := g.aliases[v]; ok && types.ExprString(prev) != types.ExprString(rhs) {
		bad[v] = true
		return
	}
	g.aliases[v] = rhs
}

func (g *graph) disqualify(info *types.Info, e ast.Expr, bad map[*types.Var]bool) {
	if e == nil {
		return
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v := localVar(info, id); v != nil {
			bad[v] = true
		}
	}
}

// localVar returns the local variable an identifier defines or uses.
func localVar(info *types.Info, id *ast.Ident) *types.Var {
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || isPackageVar(v) {
		return nil
	}
	return v
}

// isFreshMap reports whether e makes a new map (not nil).
func isFreshMap(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	if t == nil || info.Types[e].IsNil() {
		return false
	}
	if _, ok := t.Underlying().(*types.Map); !ok {
		return false
	}
	return isFresh(info, e)
}

// maxAlias bounds the chain of aliases followed (a := &s; b := a; ...).
const maxAlias = 4

// owner is decompose with aliases replaced by their owner expressions and
// map elements by their map (the inner maps of a map of maps are guarded
// with the outer one).
func (g *graph) owner(info *types.Info, e ast.Expr) (types.Object, []*types.Var, bool) {
	return decomposeOwner(info, e, g.aliases)
}

func decomposeOwner(info *types.Info, e ast.Expr, aliases map[*types.Var]ast.Expr) (types.Object, []*types.Var, bool) {
	e = unindexMap(info, e)
	base, path, ok := decompose(info, e)
	for i := 0; ok && i < maxAlias; i++ {
		v, isVar := base.(*types.Var)
		x, isAlias := aliases[v]
		if !isVar || !isAlias {
			break
		}
		b, p, ok2 := decompose(info, unindexMap(info, x))
		if !ok2 {
			break
		}
		base, path = b, append(append([]*types.Var(nil), p...), path...)
	}
	return base, path, ok
}

// unindexMap returns the outermost map of m[k1][k2]...: the map whose
// owner guards the inner ones.
func unindexMap(info *types.Info, e ast.Expr) ast.Expr {
	for {
		ix, ok := ast.Unparen(e).(*ast.IndexExpr)
		if !ok {
			return e
		}
		t := info.TypeOf(ix.X)
		if t == nil {
			return e
		}
		if _, isMap := t.Underlying().(*types.Map); !isMap {
			return e
		}
		e = ix.X
	}
}
