package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
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
	// exprIn maps a method expression written in a table
	// ([]func(*store, int){(*store).pickJob}) to its table.
	exprIn map[*ast.SelectorExpr]*types.Var
}

// tableIndex builds the index on first use.
func (g *graph) tableIndex() *tables {
	if g.tabs != nil {
		return g.tabs
	}
	t := &tables{of: make(map[*funcNode]*types.Var), reads: make(map[*types.Var][]tableRead), exprIn: make(map[*ast.SelectorExpr]*types.Var)}
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
						switch n := n.(type) {
						case *ast.FuncLit:
							if fn := g.byAST[n]; fn != nil {
								t.of[fn] = v
							}
						case *ast.SelectorExpr:
							if s := info.Selections[n]; s != nil && s.Kind() == types.MethodExpr {
								t.exprIn[n] = v
							}
						}
						return true
					})
				}
			}
		}
	}
	if len(t.of) == 0 && len(t.exprIn) == 0 {
		return t
	}
	vars := make(map[*types.Var]bool)
	for _, v := range t.of {
		vars[v] = true
	}
	for _, v := range t.exprIn {
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
			var fn *funcNode
			for i := len(stack) - 1; i >= 0 && fn == nil; i-- {
				switch stack[i].(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					fn = g.byAST[stack[i]]
				}
			}
			for _, pos := range callsOf(info, stack, id) {
				t.reads[v] = append(t.reads[v], tableRead{fn, pos})
			}
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

// callsOf returns where what the identifier id (whose enclosing nodes
// are stack) reads from a table is called: at the read for t[k](...) or
// t(...), at each call of the loop variable for a range over the table
// (for _, m := range t { m(...) }). It returns NoPos where the value is
// called out of sight: copied out, handed on, or called by a go or defer
// statement, which runs it later or elsewhere.
func callsOf(info *types.Info, stack []ast.Node, id *ast.Ident) []token.Pos {
	i := len(stack) - 1
	if i < 0 {
		return []token.Pos{token.NoPos}
	}
	switch p := stack[i].(type) {
	case *ast.IndexExpr:
		return []token.Pos{calledHere(stack[:i], p)}
	case *ast.CallExpr:
		return []token.Pos{calledHere(stack[:i+1], id)}
	case *ast.RangeStmt:
		val, ok := p.Value.(*ast.Ident)
		if !ok || p.X != ast.Expr(id) {
			return []token.Pos{token.NoPos}
		}
		m, _ := info.Defs[val].(*types.Var)
		if m == nil || assigned(info, p.Body, m) {
			return []token.Pos{token.NoPos}
		}
		var out []token.Pos
		inspect(p.Body, func(n ast.Node, st []ast.Node) bool {
			if ref, ok := n.(*ast.Ident); ok && info.Uses[ref] == m {
				inLit := slices.ContainsFunc(st, func(n ast.Node) bool { _, ok := n.(*ast.FuncLit); return ok })
				if inLit {
					out = append(out, token.NoPos)
				} else {
					out = append(out, calledHere(st, ref))
				}
			}
			return true
		})
		return out
	}
	return []token.Pos{token.NoPos}
}

// calledHere returns where e, whose enclosing nodes are stack, is called
// right where it is read (e(...), not by a go or defer statement), or
// NoPos when the value goes anywhere else.
func calledHere(stack []ast.Node, e ast.Expr) token.Pos {
	if len(stack) == 0 {
		return token.NoPos
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != e || goOrDefer(stack[:len(stack)-1]) {
		return token.NoPos
	}
	return call.Pos()
}

// goOrDefer reports whether the innermost of stack is a go or defer
// statement: the call it holds runs later, or on another goroutine.
func goOrDefer(stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	switch stack[len(stack)-1].(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		return true
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
	return ok && li.tableReadLocked(v)
}

// tableReadLocked reports whether every call of what table v holds is
// made with a lock of some value held.
func (li *lockInfo) tableReadLocked(v *types.Var) bool {
	t := li.g.tableIndex()
	if len(t.reads[v]) == 0 {
		return false
	}
	for _, r := range t.reads[v] {
		if r.fn == nil || !r.pos.IsValid() || !holdsObjectLock(li.heldAt(r.fn, r.pos)) {
			return false
		}
	}
	return true
}
