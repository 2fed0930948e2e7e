package rewrite

import (
	"go/ast"
	"go/token"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// The plain operations, one method call each:
//
//	m[k]           -> m.Get(k)
//	v, ok := m[k]  -> v, ok := m.Load(k)
//	m[k] = v       -> m.Store(k, v)
//	delete(m, k)   -> m.Delete(k)
//	clear(m)       -> m.Clear()
//	len(m)         -> m.Len()

var (
	kindGet    = &kind{edit: elemMethod("Get")}
	kindLoad   = &kind{edit: elemMethod("Load")}
	kindStore  = &kind{edit: (*editor).editStore}
	kindDelete = &kind{edit: (*editor).editDelete}
	kindClear  = &kind{edit: argMethod("Clear")}
	kindLen    = &kind{edit: argMethod("Len")}
)

// planIndexRead plans m[k] as a Get, or as a Load when it is the single
// value of v, ok := m[k].
func (p *classPlan) planIndexRead(u *mapclass.Use) bool {
	ix := u.Node.(*ast.IndexExpr)
	if commaOK(ix, u.Stack) {
		p.add(ix, u.File, &action{kind: kindLoad})
		return true
	}
	p.add(ix, u.File, &action{kind: kindGet})
	return true
}

// commaOK reports whether ix is the single value of a two-value assignment
// or declaration: v, ok := m[k].
func commaOK(ix *ast.IndexExpr, stack []ast.Node) bool {
	switch n, _ := above(ix, stack); n := n.(type) {
	case *ast.AssignStmt:
		return len(n.Lhs) == 2 && len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == ix
	case *ast.ValueSpec:
		return len(n.Names) == 2 && len(n.Values) == 1 && ast.Unparen(n.Values[0]) == ix
	}
	return false
}

// writeStmt returns the element a write use writes and the statement
// that writes it.
func writeStmt(u *mapclass.Use) (*ast.IndexExpr, ast.Node) {
	ix := u.Node.(*ast.IndexExpr)
	stmt, _ := above(ix, u.Stack)
	return ix, stmt
}

// planStore plans m[k] = v as a Store, noting a test of the same entry
// before it (checkact.go).
func (p *classPlan) planStore(u *mapclass.Use) bool {
	ix, stmt := writeStmt(u)
	s, ok := stmt.(*ast.AssignStmt)
	if !ok || s.Tok != token.ASSIGN || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return false
	}
	p.add(s, u.File, &action{kind: kindStore})
	p.add(ix, u.File, &action{kind: kindSkip})
	p.checkThenAct(u)
	p.rangeThenAct(u)
	return true
}

// refuseWrite refuses a write that no rule took.
func (p *classPlan) refuseWrite(u *mapclass.Use) bool {
	ix, stmt := writeStmt(u)
	p.refuse(ix.Pos(), "a write in a %T is not rewritten", stmt)
	return true
}

// planDelete plans delete(m, k) as a Delete, noting a test of the same
// entry before it (checkact.go).
func (p *classPlan) planDelete(u *mapclass.Use) bool {
	p.add(u.Node, u.File, &action{kind: kindDelete})
	p.checkThenAct(u)
	p.rangeThenAct(u)
	return true
}

func (p *classPlan) planClear(u *mapclass.Use) bool {
	p.add(u.Node, u.File, &action{kind: kindClear})
	return true
}

func (p *classPlan) planLen(u *mapclass.Use) bool {
	p.add(u.Node, u.File, &action{kind: kindLen})
	return true
}

// elemMethod returns the edit that rewrites m[k] as m.name(k).
func elemMethod(name string) func(*editor, *dstutil.Cursor, *action) {
	return func(_ *editor, c *dstutil.Cursor, _ *action) {
		ix := c.Node().(*dst.IndexExpr)
		c.Replace(withDecs(call(method(ix.X, name), ix.Index), ix))
	}
}

// editStore rewrites m[k] = v as m.Store(k, v).
func (e *editor) editStore(c *dstutil.Cursor, _ *action) {
	as := c.Node().(*dst.AssignStmt)
	ix := unparen(as.Lhs[0]).(*dst.IndexExpr)
	c.Replace(stmtWithDecs(call(method(ix.X, "Store"), ix.Index, as.Rhs[0]), as))
}

// editDelete rewrites delete(m, k) as m.Delete(k).
func (e *editor) editDelete(c *dstutil.Cursor, _ *action) {
	ce := c.Node().(*dst.CallExpr)
	c.Replace(withDecs(call(method(ce.Args[0], "Delete"), ce.Args[1]), ce))
}

// argMethod returns the edit that rewrites f(m) as m.name().
func argMethod(name string) func(*editor, *dstutil.Cursor, *action) {
	return func(_ *editor, c *dstutil.Cursor, _ *action) {
		ce := c.Node().(*dst.CallExpr)
		c.Replace(withDecs(call(method(ce.Args[0], name)), ce))
	}
}
