package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// A read-modify-write of one entry is one operation on a plain map, and
// must stay one: it becomes an Update, whose function runs under the
// entry's lock.
//
//	m[k]++            -> m.Update(k, func(v int) int { return v + 1 })
//	m[k] op= x        -> m.Update(k, func(v V) V { return v op x })
//	m[k] = f(m[k])    -> m.Update(k, func(v V) V { return f(v) })
//
// An operand with side effects is evaluated into a temporary first (and
// the key too, to keep the order); a right-hand side that calls a function
// stays a Get and a Store, with a note that it is no longer atomic.

var (
	kindUpdate = &kind{edit: (*editor).update}   // the statement -> m.Update(k, func...)
	kindSelf   = &kind{edit: (*editor).editSelf} // m[k] inside the function -> its parameter
)

// updateData is a kindUpdate's: the operator (ILLEGAL when the right-hand
// side is used as it is), and the names of temporaries for a key and an
// operand with side effects.
type updateData struct {
	op        token.Token
	keyTemp   string
	valueTemp string
}

// updateWrite plans a write that reads the entry it writes.
func (p *classPlan) updateWrite(u *mapclass.Use) bool {
	return p.planIncDec(u) || p.planOpAssign(u) || p.planReadModifyWrite(u)
}

// planIncDec plans m[k]++ and m[k]--.
func (p *classPlan) planIncDec(u *mapclass.Use) bool {
	ix, stmt := writeStmt(u)
	s, ok := stmt.(*ast.IncDecStmt)
	if !ok {
		return false
	}
	op := token.ADD
	if s.Tok == token.DEC {
		op = token.SUB
	}
	p.planUpdate(u, s, ix, op, nil)
	return true
}

// planOpAssign plans m[k] op= x.
func (p *classPlan) planOpAssign(u *mapclass.Use) bool {
	ix, stmt := writeStmt(u)
	s, ok := stmt.(*ast.AssignStmt)
	if !ok || s.Tok == token.ASSIGN || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return false
	}
	p.planUpdate(u, s, ix, binaryOp(s.Tok), s.Rhs[0])
	return true
}

// planReadModifyWrite plans m[k] = f(m[k], ...): an Update when the
// right-hand side may run under the map's lock, else a Store with a note.
func (p *classPlan) planReadModifyWrite(u *mapclass.Use) bool {
	ix, stmt := writeStmt(u)
	s, ok := stmt.(*ast.AssignStmt)
	if !ok || s.Tok != token.ASSIGN || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return false
	}
	info := u.File.Package.TypesInfo
	self := selfReads(p.class, info, ix, s.Rhs[0])
	if len(self) == 0 {
		return false // a plain store
	}
	if !updateSafe(p.class, info, s.Rhs[0], self) {
		p.add(s, u.File, &action{kind: kindStore})
		p.add(ix, u.File, &action{kind: kindSkip})
		p.note(s.Pos(), "%s is read and written here in two steps (Get, then Store): the right-hand side calls a function, which must not run under the map's lock, so this read-modify-write is no longer atomic", types.ExprString(ix))
		return true
	}
	a := p.planUpdate(u, s, ix, token.ILLEGAL, nil)
	if a == nil {
		return true
	}
	for _, r := range self {
		p.add(r, u.File, &action{kind: kindSelf, param: a.param})
	}
	return true
}

// planUpdate plans an atomic Update of ix; operand is the right-hand side
// of an op-assignment, or nil.
func (p *classPlan) planUpdate(u *mapclass.Use, stmt ast.Stmt, ix *ast.IndexExpr, op token.Token, operand ast.Expr) *action {
	info := u.File.Package.TypesInfo
	d := &updateData{op: op}
	a := &action{kind: kindUpdate, data: d}
	// Temporaries share the function's scope, so their names are taken
	// for good; a parameter only lives in its own function literal.
	names := p.names.of(u)
	if operand != nil && !updateSafe(p.class, info, operand, nil) {
		if !inStmtList(stmt, u.Stack) {
			p.refuse(stmt.Pos(), "the operand %s has side effects and must be evaluated before the map is locked, but this statement has no statement list to put a temporary in", types.ExprString(operand))
			return nil
		}
		if !pure(p.class, info, ix.Index) {
			d.keyTemp = freshName(names, "key")
		}
		d.valueTemp = freshName(names, "delta")
	}
	a.param = freshName(maps.Clone(names), "v")
	if _, _, err := typeString(u.File, p.class.Type.Elem()); err != nil {
		p.refuse(stmt.Pos(), "the function given to Update must name the value type: %v", err)
		return nil
	}
	p.add(stmt, u.File, a)
	p.add(ix, u.File, &action{kind: kindSkip})
	return a
}

// selfReads returns the reads of the same map and key as ix inside rhs.
func selfReads(c *mapclass.Class, info *types.Info, ix *ast.IndexExpr, rhs ast.Expr) []*ast.IndexExpr {
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) {
		return nil
	}
	want := types.ExprString(ix)
	var out []*ast.IndexExpr
	ast.Inspect(rhs, func(n ast.Node) bool {
		if r, ok := n.(*ast.IndexExpr); ok && types.ExprString(r) == want && sameClass(c, r.X) {
			out = append(out, r)
			return false
		}
		return true
	})
	return out
}

// updateSafe reports whether e may run inside an Update function, under the
// shard lock: only operators, literals, identifiers, selectors, conversions,
// append and len, and no other access to a rewritten map (the reads in
// self, which become the function's parameter, excepted).
func updateSafe(c *mapclass.Class, info *types.Info, e ast.Expr, self []*ast.IndexExpr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		for _, s := range self {
			if n == s {
				return false
			}
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv := info.Types[n.Fun]; tv.IsType() {
				return true // a conversion
			}
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID {
				if b, isB := info.Uses[id].(*types.Builtin); isB && (b.Name() == "append" || b.Name() == "len") {
					return true
				}
			}
			ok = false
		case *ast.FuncLit:
			ok = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			if t := info.TypeOf(indexBase(n)); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap {
					ok = false // a map, maybe a rewritten one: not under our lock
				}
			}
		}
		return ok
	})
	return ok
}

func indexBase(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.IndexExpr:
		return n.X
	case *ast.IndexListExpr:
		return n.X
	}
	return nil
}

// pure reports whether evaluating e has no side effects, so that it may be
// evaluated at another time or twice.
func pure(c *mapclass.Class, info *types.Info, e ast.Expr) bool {
	return updateSafe(c, info, e, nil)
}

// binaryOp maps an op-assignment token to its binary operator.
func binaryOp(tok token.Token) token.Token {
	switch tok {
	case token.ADD_ASSIGN:
		return token.ADD
	case token.SUB_ASSIGN:
		return token.SUB
	case token.MUL_ASSIGN:
		return token.MUL
	case token.QUO_ASSIGN:
		return token.QUO
	case token.REM_ASSIGN:
		return token.REM
	case token.AND_ASSIGN:
		return token.AND
	case token.OR_ASSIGN:
		return token.OR
	case token.XOR_ASSIGN:
		return token.XOR
	case token.SHL_ASSIGN:
		return token.SHL
	case token.SHR_ASSIGN:
		return token.SHR
	case token.AND_NOT_ASSIGN:
		return token.AND_NOT
	}
	return token.ILLEGAL
}

// update replaces m[k] op= x, m[k]++ or m[k] = f(m[k]) with an Update call,
// declaring temporaries first where the plan asks for them.
func (e *editor) update(c *dstutil.Cursor, a *action) {
	n := c.Node()
	d := a.data.(*updateData)
	var ix *dst.IndexExpr
	var body dst.Expr
	switch s := n.(type) {
	case *dst.IncDecStmt:
		ix = unparen(s.X).(*dst.IndexExpr)
		body = &dst.BinaryExpr{X: dst.NewIdent(a.param), Op: d.op, Y: &dst.BasicLit{Kind: token.INT, Value: "1"}}
	case *dst.AssignStmt:
		ix = unparen(s.Lhs[0]).(*dst.IndexExpr)
		operand := s.Rhs[0]
		if d.op == token.ILLEGAL {
			body = operand
			break
		}
		key := ix.Index
		if d.keyTemp != "" {
			c.InsertBefore(define(d.keyTemp, key))
			ix.Index = dst.NewIdent(d.keyTemp)
		}
		if d.valueTemp != "" {
			c.InsertBefore(define(d.valueTemp, operand))
			operand = dst.NewIdent(d.valueTemp)
		}
		if be, ok := operand.(*dst.BinaryExpr); ok {
			operand = &dst.ParenExpr{X: be}
		}
		body = &dst.BinaryExpr{X: dst.NewIdent(a.param), Op: d.op, Y: operand}
	}
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	fn := &dst.FuncLit{
		Type: &dst.FuncType{
			Func:    true,
			Params:  &dst.FieldList{List: []*dst.Field{{Names: []*dst.Ident{dst.NewIdent(a.param)}, Type: vt}}},
			Results: &dst.FieldList{List: []*dst.Field{{Type: dst.Clone(vt).(dst.Expr)}}},
		},
		Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{body}}}},
	}
	c.Replace(stmtWithDecs(call(method(ix.X, "Update"), ix.Index, fn), n))
}

// editSelf replaces a read of the entry inside the function with its
// parameter.
func (e *editor) editSelf(c *dstutil.Cursor, a *action) {
	c.Replace(withDecs(dst.NewIdent(a.param), c.Node()))
}
