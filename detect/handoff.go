package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Use after hand-off. A map sent on a channel belongs to its receiver; a
// sender that keeps using the same map after the send (clear(s.batch) to
// reuse it, one more write) shares it with the goroutine that received
// it, whoever holds the sender's object:
//
//	s.out <- s.current          for b := range in {
//	clear(s.current)                for k, n := range b { ... }
//
// The channel is what carries the object, so such a pair is witnessed
// without a goroutine holding the owner.

// sentThenUsed reports whether x uses the map expression that its
// function sent on a channel earlier in a statement list holding x, with
// no assignment to that expression and no wait in between.
func (a *analysis) sentThenUsed(x *access) bool {
	if x.fn == nil || x.fn.body == nil || x.via != "" || x.spawned {
		return false
	}
	pos := x.use.Expr.Pos()
	expr := types.ExprString(ast.Unparen(x.use.Expr))
	var sent token.Pos
	inspect(x.fn.body, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function
		case *ast.SendStmt:
			if n.End() <= pos && types.ExprString(ast.Unparen(n.Value)) == expr && inBlockHolding(stack, pos) {
				sent = n.End()
			}
		}
		return true
	})
	if !sent.IsValid() || x.fn.waitBetween(sent, pos) {
		return false
	}
	reassigned := false
	ast.Inspect(x.fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() < sent || as.Pos() >= pos {
			return !reassigned
		}
		for _, l := range as.Lhs {
			if types.ExprString(ast.Unparen(l)) == expr {
				reassigned = true
			}
		}
		return !reassigned
	})
	return !reassigned
}

// receivedMap reports whether x is made on a local that holds a map
// received from a channel: for v := range ch, v := <-ch, v, ok := <-ch.
func receivedMap(x *access) bool {
	if x.fn == nil || x.fn.body == nil {
		return false
	}
	info := x.use.File.Package.TypesInfo
	id, ok := ast.Unparen(x.use.Expr).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return false
	}
	isChan := func(e ast.Expr) bool {
		_, ok := info.TypeOf(e).Underlying().(*types.Chan)
		return ok
	}
	found := false
	ast.Inspect(x.fn.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if k, ok := n.Key.(*ast.Ident); ok && info.Defs[k] == v && isChan(n.X) {
				found = true
			}
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || len(n.Lhs) == 0 {
				break
			}
			if l, ok := n.Lhs[0].(*ast.Ident); ok && info.ObjectOf(l) == v {
				if u, ok := ast.Unparen(n.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// handedThenUsed reports whether the pair is a sender's use after a
// hand-off and the receiver's use of what it received.
func (a *analysis) handedThenUsed(cf conflict) bool {
	return a.sentThenUsed(cf.a) && receivedMap(cf.b) || a.sentThenUsed(cf.b) && receivedMap(cf.a)
}
