package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Tables of function values. A package variable that holds function
// literals (var migrations = map[V]func(*DB) error{...}) runs them where
// the code reading it calls what it looked up. Those calls are out of
// the lock analysis' sight; what it can see is whether the variable is
// read with a lock held.

// tableRead is a place where a table variable is read for what it holds.
type tableRead struct {
	fn  *funcNode // nil at package level
	pos token.Pos
}

// tables indexes the table variables: the variable each package-level
// literal is written in, and where each such variable is read.
type tables struct {
	of    map[*funcNode]*types.Var
	reads map[*types.Var][]tableRead
}

// tableIndex builds the index on first use.
func (g *graph) tableIndex() *tables {
	if g.tabs != nil {
		return g.tabs
	}
	t := &tables{of: make(map[*funcNode]*types.Var), reads: make(map[*types.Var][]tableRead)}
	g.tabs = t
	files := g.prog.Files()
	for _, f := range files {
		info := f.Package.TypesInfo
		for _, d := range f.Syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, val := range vs.Values {
					v, ok := info.Defs[vs.Names[i]].(*types.Var)
					if !ok {
						continue
					}
					ast.Inspect(val, func(n ast.Node) bool {
						if lit, ok := n.(*ast.FuncLit); ok {
							if fn := g.byAST[lit]; fn != nil {
								t.of[fn] = v
							}
						}
						return true
					})
				}
			}
		}
	}
	if len(t.of) == 0 {
		return t
	}
	vars := make(map[*types.Var]bool)
	for _, v := range t.of {
		vars[v] = true
	}
	for _, f := range files {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || !vars[v] || onlyProbed(stack) {
				return true
			}
			pos := id.Pos()
			if !calledHere(stack, id) {
				pos = token.NoPos // copied out: called where mapfix cannot see
			}
			var fn *funcNode
			for i := len(stack) - 1; i >= 0 && fn == nil; i-- {
				switch stack[i].(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					fn = g.byAST[stack[i]]
				}
			}
			t.reads[v] = append(t.reads[v], tableRead{fn, pos})
			return true
		})
	}
	return t
}

// onlyProbed reports whether an identifier, whose enclosing nodes are
// stack, is read without taking what it holds: len(t), or a lookup
// whose value is discarded (_, ok := t[k]).
func onlyProbed(stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && id.Name == "len" && len(p.Args) == 1 {
			return true
		}
	case *ast.IndexExpr:
		if len(stack) < 2 {
			return false
		}
		as, ok := stack[len(stack)-2].(*ast.AssignStmt)
		if ok && len(as.Lhs) == 2 && len(as.Rhs) == 1 && as.Rhs[0] == ast.Expr(p) {
			blank, isID := as.Lhs[0].(*ast.Ident)
			return isID && blank.Name == "_"
		}
	}
	return false
}

// calledHere reports whether an identifier, whose enclosing nodes are
// stack, is read to call what it holds right there: t[k](...), t(...),
// or ranged over (for _, m := range t { m(...) }).
func calledHere(stack []ast.Node, id *ast.Ident) bool {
	i := len(stack) - 1
	if i >= 0 {
		if ix, ok := stack[i].(*ast.IndexExpr); ok {
			if i == 0 {
				return false
			}
			call, ok := stack[i-1].(*ast.CallExpr)
			return ok && ast.Unparen(call.Fun) == ast.Expr(ix)
		}
		switch p := stack[i].(type) {
		case *ast.CallExpr:
			return ast.Unparen(p.Fun) == ast.Expr(id) // not an argument, handed on
		case *ast.RangeStmt:
			return p.X != nil
		}
	}
	return false
}

// tableLocked reports whether lit, a literal at package level, is
// written in a table variable that the loaded code reads only to call
// what it holds there, with a lock of some value held
// (formatMajorVersionMigrations[v](d) under d.mu): its calls run under
// that lock.
func (li *lockInfo) tableLocked(lit *funcNode) bool {
	t := li.g.tableIndex()
	v, ok := t.of[lit]
	if !ok || len(t.reads[v]) == 0 {
		return false
	}
	for _, r := range t.reads[v] {
		if r.fn == nil || !r.pos.IsValid() || !holdsObjectLock(li.heldAt(r.fn, r.pos)) {
			return false
		}
	}
	return true
}
