package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Event loops. A goroutine that receives function values from a channel
// and calls them (for { select { case f := <-p.eval: f() } }) runs the
// work other goroutines send it one piece at a time, on itself. When that
// loop is the only code that receives from the channel and it runs on one
// goroutine, a function value sent there runs in the loop's goroutine: not
// under the sender, as a callback would, and not on a pool of workers, as
// the values sent to a channel that several goroutines receive from do.

// funcSend is a function value sent on a channel, seen by edges and placed
// by placeFuncSends once every root is known.
type funcSend struct {
	send   *ast.SendStmt
	sender *funcNode // nil in a package-level initialiser
	value  *funcNode
	info   *types.Info
}

// loopSite is where an event loop receives the function values it runs.
type loopSite struct {
	fn  *funcNode
	pos token.Pos
}

// placeFuncSends links each function value sent on a channel to the event
// loop that runs it, or else, as for any function value written in code,
// to the sender, and returns the sends that went to a loop (asyncRoots
// makes worker roots of the others).
func (g *graph) placeFuncSends() map[*ast.SendStmt]bool {
	if len(g.sends) == 0 {
		return nil
	}
	loops := g.eventLoops()
	toLoop := make(map[*ast.SendStmt]bool)
	for _, s := range g.sends {
		if site, ok := loops[g.chanKey(s.info, s.send.Chan)]; ok && site.fn != nil {
			g.link(site.fn, s.value, site.pos, nil, true)
			toLoop[s.send] = true
			continue
		}
		s.value.valueRef = true
		if s.sender == nil {
			s.value.entry = true
		} else {
			g.link(s.sender, s.value, s.send.Value.Pos(), nil, true)
		}
	}
	return toLoop
}

// chanKey names the channel e denotes by its declaration: a field (the
// same channel in every value of the struct, each value with its own
// loop), or a variable; "" for anything else.
func (g *graph) chanKey(info *types.Info, e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if s := info.Selections[e]; s != nil {
			if s.Kind() == types.FieldVal {
				return "f:" + g.keys.of(s.Obj())
			}
			return ""
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			return "v:" + g.keys.of(v)
		}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return "v:" + g.keys.of(v)
		}
	}
	return ""
}

// eventLoops finds, per channel of function values, the one function that
// receives from it and calls what it receives, when that function runs on
// one goroutine (the target of one go statement, outside any loop, called
// by nothing else). A channel received anywhere else, or whose values are
// not only called, maps to a zero loopSite.
func (g *graph) eventLoops() map[string]loopSite {
	out := make(map[string]loopSite)
	add := func(key string, site loopSite) {
		if key == "" {
			return
		}
		if prev, seen := out[key]; seen && prev.fn != site.fn {
			site = loopSite{} // two receivers
		}
		out[key] = site
	}
	for _, fn := range g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.UnaryExpr:
				if n.Op != token.ARROW || !isFunc(info.TypeOf(n)) {
					return true
				}
				site := loopSite{fn, n.Pos()}
				if len(stack) == 0 || !receivedCalled(info, fn.body, n, stack[len(stack)-1]) {
					site = loopSite{}
				}
				add(g.chanKey(info, n.X), site)
			case *ast.RangeStmt:
				ch, ok := info.TypeOf(n.X).Underlying().(*types.Chan)
				if !ok || !isFunc(ch.Elem()) {
					return true
				}
				site := loopSite{fn, n.Pos()}
				if v := rangeVar(info, n); v == nil || !onlyCalled(info, fn.body, v) {
					site = loopSite{}
				}
				add(g.chanKey(info, n.X), site)
			}
			return true
		})
	}
	for key, site := range out {
		if site.fn != nil && !g.oneGoroutine(site.fn) {
			out[key] = loopSite{}
		}
	}
	return out
}

// oneGoroutine reports whether fn runs only as the target of one go
// statement that starts it once.
func (g *graph) oneGoroutine(fn *funcNode) bool {
	if len(fn.callers) > 0 || fn.entry || len(fn.rootOf) != 1 {
		return false
	}
	r := fn.rootOf[0]
	return r.kind == rootGo && !r.multi && !r.dispatch
}

// receivedCalled reports whether the function value received by recv,
// whose parent node is parent, is only called: (<-ch)(), or f := <-ch (or
// case f := <-ch) with every use of f a call.
func receivedCalled(info *types.Info, body *ast.BlockStmt, recv *ast.UnaryExpr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.CallExpr:
		return ast.Unparen(p.Fun) == ast.Expr(recv)
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || p.Rhs[0] != ast.Expr(recv) || len(p.Lhs) == 0 {
			return false
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		return ok && onlyCalled(info, body, v)
	}
	return false
}

// rangeVar returns the variable a for range statement defines for what it
// receives, or nil.
func rangeVar(info *types.Info, r *ast.RangeStmt) *types.Var {
	id, ok := r.Key.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	return v
}
