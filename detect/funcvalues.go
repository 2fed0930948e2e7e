package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Goroutines that run a function value they were given. A helper such as
// parallel(n, f) { for ... { go f(i) } }, a pool whose Submit(task) sends
// task to workers that call it, and go Until(p.probe, stop) all start a
// goroutine whose code is written at the call site, not in the helper.
// The function value is then a root of its own (or a target of the go
// statement's root), started where it is handed over.
//
// A parameter of function type is run asynchronously when the function
// starts it with go, sends it on a channel (workers receive and call it),
// or passes it on to a parameter of another function that does.

// asyncRoots adds the roots of function values handed to such parameters,
// and of function values sent on channels or given to a function started
// with go.
func (g *graph) asyncRoots() {
	toLoop := g.placeFuncSends()
	async := g.asyncParams()
	g.async = async
	for _, fn := range g.funcs {
		params := async[fn]
		if len(params) == 0 {
			continue
		}
		for _, cs := range fn.callers {
			if cs.call == nil || cs.caller == nil {
				continue
			}
			info := cs.caller.file.Package.TypesInfo
			sig := fn.obj.Signature()
			for i := range params {
				if i >= len(cs.call.Args) {
					continue
				}
				if sig.Variadic() && i == sig.Params().Len()-1 {
					for _, e := range g.variadicValues(cs, i) {
						g.valueRoot(info, e, cs.call.Pos(), cs.caller)
					}
					continue
				}
				g.valueRoot(info, cs.call.Args[i], cs.call.Pos(), cs.caller)
			}
		}
	}
	for _, fn := range g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		ast.Inspect(fn.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a nested literal: its own turn
			case *ast.SendStmt:
				if !toLoop[n] {
					g.valueRoot(info, n.Value, n.Pos(), fn)
				}
			case *ast.GoStmt:
				g.goArgs(info, n)
			}
			return true
		})
	}
}

// rangedFrom returns the variable that v is the value variable of a range
// over, in fn's own body (for _, t := range tasks), or nil.
func (g *graph) rangedFrom(fn *funcNode, v *types.Var) *types.Var {
	if fn.body == nil {
		return nil
	}
	info := fn.file.Package.TypesInfo
	var from *types.Var
	ast.Inspect(fn.body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || from != nil {
			return from == nil
		}
		if val, ok := rs.Value.(*ast.Ident); ok && info.Defs[val] == v {
			if x, ok := ast.Unparen(rs.X).(*ast.Ident); ok {
				from, _ = info.Uses[x].(*types.Var)
			}
		}
		return true
	})
	return from
}

// variadicValues returns the function values call site cs passes for its
// callee's variadic parameter i: the arguments from i on, or, for a
// slice spread into it (parallel(tasks...)), the function literals its
// caller appends to that slice or writes in its literal.
func (g *graph) variadicValues(cs callSite, i int) []ast.Expr {
	if !cs.call.Ellipsis.IsValid() {
		return cs.call.Args[i:]
	}
	id, ok := ast.Unparen(cs.call.Args[i]).(*ast.Ident)
	if !ok || cs.caller.body == nil {
		return nil
	}
	info := cs.caller.file.Package.TypesInfo
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		return nil
	}
	// The values the slice holds at the call: those appended since it
	// was last set to something else (tasks = nil starts a new batch).
	var out []ast.Expr
	ast.Inspect(cs.caller.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) || as.Pos() >= cs.call.Pos() {
			return ok || n == nil || n.Pos() < cs.call.Pos()
		}
		for j, l := range as.Lhs {
			lid, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || (info.Uses[lid] != v && info.Defs[lid] != v) {
				continue
			}
			switch r := ast.Unparen(as.Rhs[j]).(type) {
			case *ast.CallExpr:
				if isBuiltin(info, r, "append") && len(r.Args) > 1 && mentionsVar(info, r.Args[0], v) {
					out = append(out, r.Args[1:]...)
				} else {
					out = nil
				}
			case *ast.CompositeLit:
				out = append([]ast.Expr(nil), r.Elts...)
			default:
				out = nil
			}
		}
		return true
	})
	return out
}

// valueRoot makes the function value e, handed over at pos in spawner to
// code that runs it on other goroutines, a root. Many instances may run
// at once (a pool's workers, parallel's goroutines), all with the
// variables the value captured.
func (g *graph) valueRoot(info *types.Info, e ast.Expr, pos token.Pos, spawner *funcNode) {
	if !isFunc(info.TypeOf(e)) {
		return
	}
	t := g.funcValue(info, e)
	if t == nil {
		return
	}
	r := g.newRoot(rootGo, pos, spawner, nil, t)
	r.multi, r.pooled = true, true
	r.lit, _ = ast.Unparen(e).(*ast.FuncLit)
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		if sl := info.Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
			r.args = append(r.args, sel.X)
		}
	}
}

// goArgs adds to the root of a go statement the function values it hands
// to the function it starts (go Until(p.probe, stop)): the new goroutine
// runs them.
func (g *graph) goArgs(info *types.Info, s *ast.GoStmt) {
	var r *root
	for _, x := range g.roots {
		if x.call == s.Call && x.kind == rootGo {
			r = x
			break
		}
	}
	if r == nil {
		return
	}
	callees, _ := g.callees(info, s.Call)
	for i, a := range s.Call.Args {
		if !isFunc(info.TypeOf(a)) {
			continue
		}
		fv := g.funcValue(info, a)
		if fv == nil {
			continue
		}
		if len(callees) == 1 && !g.runsParam(callees[0], i, 0) {
			// The started function only hands the value on inside a
			// closure (sent to an event loop, say): it does not run it.
			continue
		}
		r.targets = append(r.targets, fv)
		fv.rootOf = append(fv.rootOf, r)
		if sel, ok := ast.Unparen(a).(*ast.SelectorExpr); ok {
			if sl := info.Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
				r.args = append(r.args, sel.X)
			}
		}
	}
}

// runsParam reports whether fn may run its i-th parameter, a function
// value: it calls it, passes it to a function that may run it, or hands
// it on some other way (assigns, sends, returns it), outside the function
// literals in its body. A function whose body is not loaded may run it.
func (g *graph) runsParam(fn *funcNode, i, depth int) bool {
	if fn.body == nil || fn.obj == nil || depth > 3 {
		return true
	}
	sig := fn.obj.Signature()
	params := sig.Params()
	if params.Len() == 0 {
		return true
	}
	if sig.Variadic() && i >= params.Len()-1 {
		i = params.Len() - 1 // one of the variadic arguments
	}
	if i >= params.Len() {
		return true
	}
	v := params.At(i)
	if v.Name() == "" || v.Name() == "_" {
		return false // a parameter it cannot name it cannot run
	}
	info := fn.file.Package.TypesInfo
	runs := false
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if runs {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return true
		}
		call, ok := stack[len(stack)-1].(*ast.CallExpr)
		if !ok || ast.Unparen(call.Fun) == ast.Expr(id) {
			runs = true // called, or handed on other than as an argument
			return false
		}
		callees, _ := g.callees(info, call)
		if len(callees) != 1 {
			runs = true
			return false
		}
		for j, arg := range call.Args {
			if arg == ast.Expr(id) && g.runsParam(callees[0], j, depth+1) {
				runs = true
			}
		}
		return false
	})
	return runs
}

// handedTo returns the one loaded function that the function literal fn
// is passed to as an argument, and the argument's index, or nil when fn
// is not an argument or the call may run other code (interface dispatch,
// several callees).
func (g *graph) handedTo(fn *funcNode) (*funcNode, int) {
	lit, ok := fn.node.(*ast.FuncLit)
	if !ok || fn.parent == nil {
		return nil, 0
	}
	callee, i, _ := g.argCallee(fn.parent, func(arg ast.Expr) bool { return ast.Unparen(arg) == ast.Expr(lit) })
	return callee, i
}

// argCallee finds, in caller's body, the first call with an argument
// that match accepts, and returns the one loaded function that call runs
// and the argument's index; callee is nil when the call dispatches
// through an interface or runs no single loaded function. found reports
// whether some argument matched.
func (g *graph) argCallee(caller *funcNode, match func(arg ast.Expr) bool) (callee *funcNode, i int, found bool) {
	if caller == nil || caller.body == nil {
		return nil, 0, false
	}
	info := caller.file.Package.TypesInfo
	ast.Inspect(caller.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		for j, arg := range call.Args {
			if !match(arg) {
				continue
			}
			found, i = true, j
			if callees, dispatch := g.callees(info, call); !dispatch && len(callees) == 1 {
				callee = callees[0]
			}
			break
		}
		return !found
	})
	return callee, i, found
}

// callsParam reports whether fn may call its i-th parameter, a function
// value, itself before it returns: it calls it in its body, or passes it
// to a function that may. Only storing it in a struct or a field, sending
// it or returning it counts as not calling it (the value then runs
// wherever its new holder runs it); anything mapfix cannot follow (an
// interface call, a nested literal, an alias, a body not loaded, a chain
// too deep) counts as calling it.
func (g *graph) callsParam(fn *funcNode, i, depth int) bool {
	if fn.body == nil || fn.obj == nil || depth > 3 {
		return true
	}
	params := fn.obj.Signature().Params()
	if fn.obj.Signature().Variadic() && i >= params.Len()-1 {
		i = params.Len() - 1
	}
	if i < 0 || i >= params.Len() {
		return true
	}
	v := params.At(i)
	info := fn.file.Package.TypesInfo
	calls := false
	walk := func(n ast.Node, stack []ast.Node) bool {
		if calls {
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v || len(stack) == 0 {
			return true
		}
		for _, s := range stack {
			if _, ok := s.(*ast.FuncLit); ok {
				calls = true // used in a nested literal: not followed
				return false
			}
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.CallExpr:
			if ast.Unparen(p.Fun) == ast.Expr(id) {
				calls = true
				return false
			}
			callees, dispatch := g.callees(info, p)
			if dispatch || len(callees) != 1 {
				calls = true
				return false
			}
			for j, arg := range p.Args {
				if arg == ast.Expr(id) && g.callsParam(callees[0], j, depth+1) {
					calls = true
				}
			}
		case *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt, *ast.ReturnStmt:
			// stored in a value, sent or returned
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == ast.Expr(id) {
					return true
				}
			}
			for _, l := range p.Lhs {
				if _, isField := ast.Unparen(l).(*ast.SelectorExpr); !isField {
					calls = true // an alias, which may be called
				}
			}
		default:
			calls = true
		}
		return !calls
	}
	inspect(fn.body, walk)
	return calls
}

// asyncParams returns, for each declared function, the indexes of its
// function-typed parameters that it runs on other goroutines.
func (g *graph) asyncParams() map[*funcNode]map[int]bool {
	out := make(map[*funcNode]map[int]bool)
	mark := func(fn *funcNode, i int) bool {
		if out[fn][i] {
			return false
		}
		if out[fn] == nil {
			out[fn] = make(map[int]bool)
		}
		out[fn][i] = true
		return true
	}
	// paramOf returns the index of the parameter of decl that e names: a
	// function parameter, or an element of a variadic ...func() one (the
	// value variable of a range over it).
	paramOf := func(info *types.Info, decl *funcNode, e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || decl == nil || decl.obj == nil {
			return 0, false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return 0, false
		}
		sig := decl.obj.Signature()
		params := sig.Params()
		for i := range params.Len() {
			if params.At(i) == v && isFunc(v.Type()) {
				return i, true
			}
		}
		if last := params.Len() - 1; sig.Variadic() && g.rangedFrom(decl, v) == params.At(last) {
			return last, true
		}
		return 0, false
	}
	for round := 0; round < 3; round++ {
		changed := false
		for _, fn := range g.funcs {
			decl := declOf(fn)
			if fn.body == nil || decl == nil || decl.obj == nil {
				continue
			}
			info := fn.file.Package.TypesInfo
			ast.Inspect(fn.body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false // walked as a function of its own
				case *ast.GoStmt:
					if i, ok := paramOf(info, decl, n.Call.Fun); ok && mark(decl, i) {
						changed = true
					}
					// go func(t func()) { ...; t() }(t): the value is
					// handed to the goroutine, which runs it.
					callees, _ := g.callees(info, n.Call)
					for j, arg := range n.Call.Args {
						i, ok := paramOf(info, decl, arg)
						if !ok || len(callees) == 1 && !g.runsParam(callees[0], j, 0) {
							continue
						}
						if mark(decl, i) {
							changed = true
						}
					}
					// go func() { defer wg.Done(); f() }(): the literal
					// calls the parameter on the new goroutine.
					if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
						ast.Inspect(lit.Body, func(m ast.Node) bool {
							if c, ok := m.(*ast.CallExpr); ok {
								if i, ok := paramOf(info, decl, c.Fun); ok && mark(decl, i) {
									changed = true
								}
							}
							return true
						})
					}
				case *ast.SendStmt:
					if i, ok := paramOf(info, decl, n.Value); ok && mark(decl, i) {
						changed = true
					}
				case *ast.CallExpr:
					// Only a call that passes one of decl's function
					// parameters on can make it asynchronous.
					passes := false
					for _, arg := range n.Args {
						if _, ok := paramOf(info, decl, arg); ok {
							passes = true
						}
					}
					if !passes {
						return true
					}
					callees, _ := g.callees(info, n)
					for _, callee := range callees {
						for j := range out[callee] {
							if j < len(n.Args) {
								if i, ok := paramOf(info, decl, n.Args[j]); ok && mark(decl, i) {
									changed = true
								}
							}
						}
					}
				}
				return true
			})
		}
		if !changed {
			break
		}
	}
	return out
}

// isFunc reports whether t is a function type.
func isFunc(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}
