package detect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/mapclass"
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
// no assignment to that expression, no channel operation and no call of a
// loaded function in between: any of those may wait for the receiver to
// be done (an acknowledgement, a select) or give the field another map (a
// reset helper).
func (a *analysis) sentThenUsed(x *access) bool {
	return a.sendBefore(x) != nil
}

// sendBefore returns the send that sentThenUsed finds before x, or nil.
func (a *analysis) sendBefore(x *access) *ast.SendStmt {
	if x.fn == nil || x.fn.body == nil || x.via != "" || x.spawned {
		return nil
	}
	pos := x.use.Expr.Pos()
	expr := types.ExprString(ast.Unparen(x.use.Expr))
	var send *ast.SendStmt
	inspect(x.fn.body, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function
		case *ast.SendStmt:
			if n.End() <= pos && types.ExprString(ast.Unparen(n.Value)) == expr && inBlockHolding(stack, pos) {
				send = n
			}
		}
		return true
	})
	if send == nil || x.fn.waitBetween(send.End(), pos) || a.mayWaitBetween(x.fn, send.End(), pos) {
		return nil
	}
	sent := send.End()
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
	if reassigned {
		return nil
	}
	return send
}

// mayWaitBetween reports whether fn's body, between from and to, holds a
// channel operation, a select, or a call of anything but a builtin, a
// conversion or a function of package fmt, strings or strconv.
func (a *analysis) mayWaitBetween(fn *funcNode, from, to token.Pos) bool {
	info := fn.file.Package.TypesInfo
	found := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= from || n.Pos() >= to {
			return !found
		}
		if n.Pos() < from {
			return true // an enclosing node: look inside
		}
		if channelOp(info, n) {
			found = true
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				return true
			}
			if f := calleeFunc(info, n); f != nil && f.Pkg() != nil {
				switch f.Pkg().Path() {
				case "fmt", "strings", "strconv", "sort", "slices", "maps", "math":
					return true
				}
			}
			found = true
		}
		return !found
	})
	return found
}

// calleeFunc returns the function a call names statically, or nil.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[f].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := info.Uses[f.Sel].(*types.Func)
		return fn
	}
	return nil
}

// receivedMap reports whether x is made on a local that holds a map
// received from a channel: for v := range ch, v := <-ch, v, ok := <-ch.
func receivedMap(x *access) bool {
	return receivedFrom(x) != nil
}

// receivedFrom returns the channel expression whose value x's local
// holds, or nil.
func receivedFrom(x *access) ast.Expr {
	if x.fn == nil || x.fn.body == nil {
		return nil
	}
	info := x.use.File.Package.TypesInfo
	id, ok := ast.Unparen(x.use.Expr).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	isChan := func(e ast.Expr) bool {
		_, ok := info.TypeOf(e).Underlying().(*types.Chan)
		return ok
	}
	var from ast.Expr
	ast.Inspect(x.fn.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if k, ok := n.Key.(*ast.Ident); ok && info.Defs[k] == v && isChan(n.X) {
				from = n.X
			}
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || len(n.Lhs) == 0 {
				break
			}
			if l, ok := n.Lhs[0].(*ast.Ident); ok && info.ObjectOf(l) == v {
				if u, ok := ast.Unparen(n.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					from = u.X
				}
			}
		}
		return from == nil
	})
	return from
}

// handedThenUsed reports whether the pair is a sender's use after a
// hand-off and the receiver's use of what it received.
func (a *analysis) handedThenUsed(cf conflict) bool {
	return a.sentThenUsed(cf.a) && receivedMap(cf.b) || a.sentThenUsed(cf.b) && receivedMap(cf.a)
}

// handoffConflicts pairs, for a class of locals (whose accesses are
// placed relative to the activation that holds the map, so a map that
// travels on a channel never meets its receiver), a use after a send
// with a use of the received value on another goroutine, when both
// channels carry maps of the class. The pair is marked: the witness asks
// only that both sides are reached.
func (a *analysis) handoffConflicts(c *mapclass.Class, accs []*access) []conflict {
	// inClass reports whether the channel e is a slot of the class: its
	// elements are the class's maps.
	inClass := func(fn *funcNode, e ast.Expr) bool {
		base, path, ok := decompose(fn.file.Package.TypesInfo, e)
		if !ok {
			return false
		}
		v, _ := base.(*types.Var)
		if len(path) > 0 {
			v = path[len(path)-1]
		}
		for _, sl := range c.Slots {
			if sl.Elem && sl.Obj == v {
				return true
			}
		}
		return false
	}
	var out []conflict
	for _, x := range accs {
		send := a.sendBefore(x)
		if send == nil || !inClass(x.fn, send.Chan) {
			continue
		}
		for _, y := range accs {
			if y == x || y.fn == x.fn || !(x.write || y.write) {
				continue
			}
			if from := receivedFrom(y); from == nil || !inClass(y.fn, from) {
				continue
			}
			if shareKey(x.keys, y.keys) {
				continue
			}
			if cx, cy, ok := a.apartContexts(x.fn, y.fn); ok && a.concurrent(c, false, x, cx, y, cy) {
				out = append(out, conflict{a: x, b: y, ca: cx, cb: cy, handoff: true})
				if len(out) >= maxContextPairs {
					return out
				}
			}
		}
	}
	return out
}

// apartContexts returns contexts that f and g run in that are two
// goroutines at once: different ones, at least one a goroutine's.
func (a *analysis) apartContexts(f, g *funcNode) (ctx, ctx, bool) {
	for _, cf := range a.cx.of[f] {
		for _, cg := range a.cx.of[g] {
			if cf == cg || cf == initCtx || cg == initCtx || cf < 0 && cg < 0 {
				continue
			}
			return cf, cg, true
		}
	}
	return 0, 0, false
}
