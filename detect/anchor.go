package detect

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Anchors: the same object, demonstrably. A struct field's class covers
// every value of the struct, so a certain finding on a field needs both
// accesses of its pair to be made on the one value a goroutine was handed:
// directly on the variable the go statement's closure captures or passes
// (s.m[k] in the literal, s.m in the code after the go statement), or on
// the receiver or parameter of a method that is called on that variable
// (go s.loop(); s.Get(k)), a few calls deep. Anything less is an
// over-approximation across objects and gives possible.

// binding says that in fn, variable v holds the object a goroutine was
// handed.
type binding struct {
	fn *funcNode
	v  types.Object
	// via, when set, is the one field of v's struct that holds the
	// handed object (sc := &subConn{ccc: c}: only sc.ccc is c); the rest
	// of v's value is v's own.
	via *types.Var
}

// maxAnchorDepth bounds the calls followed from an anchor.
const maxAnchorDepth = 3

// anchored reports whether both accesses of the pair are made on the
// object a goroutine of the pair was handed.
func (a *analysis) anchored(cf conflict) bool {
	var r *root
	spawning := a.spawningSide(cf)
	for i, x := range []ctx{cf.ca, cf.cb} {
		if x >= 0 && i != spawning {
			r = a.g.roots[x]
			break
		}
	}
	if r == nil {
		return false
	}
	inside, after := a.anchors(r)
	for i, side := range []struct {
		x  *access
		cx ctx
	}{{cf.a, cf.ca}, {cf.b, cf.cb}} {
		set := inside
		if side.cx < 0 || i == spawning {
			set = after
		} else if side.cx != ctx(r.id) {
			other, _ := a.anchors(a.g.roots[side.cx])
			set = other
		}
		if !onAnchor(side.x, set, a.g.aliases) {
			return false
		}
	}
	return true
}

// onAnchor reports whether x's map is reached from a bound variable of
// its function (or of a function enclosing it, for captured variables).
func onAnchor(x *access, set map[binding]bool, aliases map[*types.Var]ast.Expr) bool {
	return anchoredIn(x, set, aliases, true)
}

// anchoredIn is onAnchor; byName says whether a package variable counts
// (one object by name) or only bound variables do.
func anchoredIn(x *access, set map[binding]bool, aliases map[*types.Var]ast.Expr, byName bool) bool {
	info := x.use.File.Package.TypesInfo
	e := x.use.Expr
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		// r.Snapshot(): a map a method returns is reached from its
		// receiver, as for locks (locks.go).
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			e = sel.X
		}
	}
	base, path, ok := decomposeOwner(info, e, aliases)
	if !ok {
		base, ok = rootVar(info, e)
		path = nil
	}
	if !ok {
		return false
	}
	if isPackageVar(base) {
		return byName // one object, by name
	}
	for n := x.fn; n != nil; n = n.parent {
		if set[binding{fn: n, v: base}] || (len(path) > 1 && set[binding{fn: n, v: base, via: path[0]}]) {
			return true
		}
	}
	return false
}

// through says what a value reached from bound b by the field path path
// is bound as: all of it (nil), only its field via (when path is empty
// and b is bound through one field), or not at all.
func through(b binding, path []*types.Var) (via *types.Var, ok bool) {
	switch {
	case b.via == nil:
		return nil, true
	case len(path) == 0:
		return b.via, true
	case path[0] == b.via:
		return nil, true
	}
	return nil, false
}

// anchors returns the bindings of r's handed-over objects inside its
// goroutine, and in the code that runs after the go statement.
func (a *analysis) anchors(r *root) (inside, after map[binding]bool) {
	if a.anchorMemo == nil {
		a.anchorMemo = make(map[*root][2]map[binding]bool)
	}
	if m, ok := a.anchorMemo[r]; ok {
		return m[0], m[1]
	}
	var carried []types.Object
	inside, carried = a.insideBindings(r, nil)
	after = make(map[binding]bool)
	if r.spawner != nil {
		for _, v := range carried {
			// Accesses before the go statement are ordered before the
			// goroutine (happens.go); the spawner and the functions
			// enclosing it hold v.
			for n := r.spawner; n != nil; n = n.parent {
				after[binding{fn: n, v: v}] = true
				// What the code put into the value: c := &collector{
				// members: []*member{m}} hands m over with c.
				for _, w := range storedInto(n, v) {
					after[binding{fn: n, v: w}] = true
				}
			}
			// A spawner's parameter came from its callers' arguments.
			a.bindCallers(declOf(r.spawner), v, after)
		}
		a.expand(after)
	}
	a.anchorMemo[r] = [2]map[binding]bool{inside, after}
	return inside, after
}

// insideBindings returns the bindings of r's handed-over objects inside
// its goroutine, and the spawner's variables handed over; with keep set,
// only the variables keep accepts are followed.
func (a *analysis) insideBindings(r *root, keep func(types.Object) bool) (map[binding]bool, []types.Object) {
	inside := make(map[binding]bool)
	var carried []types.Object
	if r.spawner != nil {
		info := r.spawner.file.Package.TypesInfo
		for _, e := range r.args {
			if b, ok := a.argOwner(info, e); ok && (keep == nil || keep(b)) {
				carried = append(carried, b)
			}
		}
	}
	for _, t := range r.targets {
		switch n := t.node.(type) {
		case *ast.FuncLit:
			for _, v := range captured(t.file.Package.TypesInfo, n) {
				if keep != nil && !keep(v) {
					continue
				}
				carried = append(carried, v)
				inside[binding{fn: t, v: v}] = true
			}
			if r.call != nil && ast.Unparen(r.call.Fun) == ast.Expr(n) {
				a.bindArgs(r.spawner, r.call, t, carried, inside)
			}
		case *ast.FuncDecl:
			if rv := t.recvVar(); rv != nil && (r.spawner == nil || len(r.args) > 0) && (keep == nil || a.keptReceiver(r, keep)) {
				inside[binding{fn: t, v: rv}] = true // go s.loop(), a handler's receiver
			}
			if r.call != nil && t.obj != nil {
				a.bindArgs(r.spawner, r.call, t, carried, inside)
			}
		}
	}
	if len(r.targets) == 0 && r.spawner != nil {
		// go delete(m, k): the builtin runs on what its arguments name.
		for _, v := range carried {
			inside[binding{fn: r.spawner, v: v}] = true
		}
	}
	for b := range inside {
		if b.via != nil {
			continue
		}
		for _, w := range storedInto(b.fn, b.v) {
			inside[binding{fn: b.fn, v: w}] = true
		}
	}
	a.expand(inside)
	return inside, carried
}

// keptReceiver reports whether r's go statement calls a method on a
// variable keep accepts (go c.serve()).
func (a *analysis) keptReceiver(r *root, keep func(types.Object) bool) bool {
	if r.call == nil || r.spawner == nil {
		return false
	}
	sel, ok := ast.Unparen(r.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	b, _, ok := a.g.owner(r.spawner.file.Package.TypesInfo, sel.X)
	return ok && keep(b)
}

// ownPerIteration reports whether both accesses of a pair of two
// instances of r, a goroutine started in a loop, are made on a value
// made in the loop's iteration and handed to the instance (go
// i.handleClient(client) for each accepted connection): each instance
// touches its own object, even when the value is also registered where
// other code could find it (i.clients[name] = client) or the receiver
// reaches every such value.
//
// A value built in the iteration around an object of the owner types
// made outside the loop (b := &builder{cache: cache}) is not its own:
// every instance reaches that one object through it.
func (a *analysis) ownPerIteration(r *root, x, y *access, owners []*types.TypeName) bool {
	if r.loop == nil || r.spawner == nil || r.pooled {
		return false
	}
	loop := r.loop
	info := r.spawner.file.Package.TypesInfo
	inside, carried := a.insideBindings(r, func(v types.Object) bool {
		lv, ok := v.(*types.Var)
		if !ok || isPackageVar(v) || v.Pos() < loop.Pos() || v.Pos() >= loop.End() {
			return false
		}
		if tableRow(r.spawner, lv, loop) {
			return true // one row of a table whose rows make their own values
		}
		// Made in the iteration: assigned only what the iteration
		// allocates, not a range variable over an existing collection.
		return onlyAssigned(r.spawner, lv, func(e ast.Expr) bool {
			if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
				e = u.X
			}
			return isFresh(info, e) || a.g.allocator(info, e) != nil
		}, false)
	})
	// An element of a collection picked by the loop's own index (go
	// work(&shards[i])) is the iteration's too.
	ownArgs := false
	if r.call != nil && singleLoop(r) {
		for i, arg := range r.call.Args {
			if !ownElement(info, arg, loop) {
				continue
			}
			for _, t := range r.targets {
				if ps := paramsOf(t); ps != nil && i < ps.Len() {
					inside[binding{fn: t, v: ps.At(i)}] = true
					ownArgs = true
				}
			}
		}
		if ownArgs {
			a.expand(inside)
		}
	}
	if len(carried) == 0 && !ownArgs {
		return false
	}
	for _, v := range carried {
		if lv, ok := v.(*types.Var); ok && a.builtAround(info, loop, lv, owners, maxReach) {
			return false
		}
	}
	return anchoredIn(x, inside, a.g.aliases, false) && anchoredIn(y, inside, a.g.aliases, false)
}

// bindArgs binds the parameters of callee that call passes a carried
// variable to.
func (a *analysis) bindArgs(caller *funcNode, call *ast.CallExpr, callee *funcNode, carried []types.Object, set map[binding]bool) {
	if caller == nil {
		return
	}
	info := caller.file.Package.TypesInfo
	params := paramsOf(callee)
	if params == nil {
		return
	}
	for i, arg := range call.Args {
		if i >= params.Len() {
			break
		}
		if b, ok := a.argOwner(info, arg); ok && containsObj(carried, b) {
			set[binding{fn: callee, v: params.At(i)}] = true
		}
	}
}

// expand follows calls made on bound variables: the callee's receiver or
// parameter is bound too.
func (a *analysis) expand(set map[binding]bool) {
	for d := 0; d < maxAnchorDepth; d++ {
		var added []binding
		for b := range set {
			if b.fn.body == nil {
				continue
			}
			info := b.fn.file.Package.TypesInfo
			ast.Inspect(b.fn.body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.RangeStmt:
					// for _, m := range c.members: each element was
					// reached from the bound value.
					if base, path, ok := a.g.owner(info, n.X); ok && base == b.v {
						if _, ok := through(b, path); ok && (b.via == nil || len(path) > 0) {
							for _, e := range []ast.Expr{n.Key, n.Value} {
								if id, ok := e.(*ast.Ident); ok {
									if v := localVar(info, id); v != nil && !set[binding{fn: b.fn, v: v}] {
										added = append(added, binding{fn: b.fn, v: v})
									}
								}
							}
						}
					}
				case *ast.AssignStmt:
					// m := r.table(), t := c.items[i]: a value read out of
					// the bound one.
					if len(n.Lhs) != len(n.Rhs) {
						return true
					}
					for i, r := range n.Rhs {
						froms := []ast.Expr{r}
						if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
							if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
								froms = []ast.Expr{sel.X}
							} else if isBuiltin(info, call, "append") {
								froms = call.Args // list := append(list[:0], all...)
							}
						}
						bound := false
						var via *types.Var
						for _, from := range froms {
							if base, path, ok := a.g.owner(info, from); ok && base == b.v {
								if v, ok := through(b, path); ok {
									bound, via = true, v
								}
							}
						}
						if !bound && b.via == nil {
							if f, ok := holdsVar(info, r, b.v); ok {
								bound, via = true, f // sc := &subConn{ccc: c}: sc.ccc is c, the rest is sc's
							}
						}
						if bound {
							if id, ok := n.Lhs[i].(*ast.Ident); ok {
								if v := localVar(info, id); v != nil && !set[binding{fn: b.fn, v: v, via: via}] {
									added = append(added, binding{fn: b.fn, v: v, via: via})
								}
							}
						}
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				callees, dispatch := a.g.callees(info, call)
				if dispatch || len(callees) != 1 || callees[0].obj == nil {
					return true
				}
				callee := callees[0]
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					base, path, ok := a.g.owner(info, sel.X)
					if !ok {
						base, ok = rootVar(info, sel.X) // c.buckets[i].add(k)
						path = nil
					}
					if ok && base == b.v {
						if via, ok := through(b, path); ok {
							if rv := callee.recvVar(); rv != nil && !set[binding{fn: callee, v: rv, via: via}] {
								added = append(added, binding{fn: callee, v: rv, via: via})
							}
						}
					}
				}
				params := callee.obj.Signature().Params()
				for i, arg := range call.Args {
					if i >= params.Len() {
						break
					}
					if base, path, ok := a.g.owner(info, arg); ok && base == b.v {
						if via, ok := through(b, path); ok && !set[binding{fn: callee, v: params.At(i), via: via}] {
							added = append(added, binding{fn: callee, v: params.At(i), via: via})
						}
					}
				}
				return true
			})
		}
		if len(added) == 0 {
			return
		}
		for _, b := range added {
			set[b] = true
		}
	}
}

// captured returns the variables lit uses that are declared outside it.
func captured(info *types.Info, lit *ast.FuncLit) []types.Object {
	var out []types.Object
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) && !containsObj(out, v) {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

func containsObj(os []types.Object, o types.Object) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

// bindCallers binds, when v is a parameter or the receiver of fn, the
// variables its callers pass for it.
func (a *analysis) bindCallers(fn *funcNode, v types.Object, set map[binding]bool) {
	if fn.obj == nil {
		return
	}
	idx := -1
	params := fn.obj.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v {
			idx = i
		}
	}
	recv := fn.recvVar() != nil && types.Object(fn.recvVar()) == v
	if idx < 0 && !recv {
		return
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.call == nil {
			continue
		}
		info := cs.caller.file.Package.TypesInfo
		var arg ast.Expr
		if recv {
			if sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); ok {
				arg = sel.X
			}
		} else if idx < len(cs.call.Args) {
			arg = cs.call.Args[idx]
		}
		if arg == nil {
			continue
		}
		if b, _, ok := a.g.owner(info, arg); ok {
			for n := cs.caller; n != nil; n = n.parent {
				set[binding{fn: n, v: b}] = true
			}
		}
	}
}

// storedInto returns the variables whose values fn puts into the value of
// v: those named in the composite literal v is defined from, and those
// assigned to v's fields or elements.
func storedInto(fn *funcNode, v types.Object) []types.Object {
	if fn.body == nil {
		return nil
	}
	info := fn.file.Package.TypesInfo
	var out []types.Object
	collect := func(e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if w, ok := info.Uses[id].(*types.Var); ok && !w.IsField() && types.Object(w) != v && !containsObj(out, w) {
					out = append(out, w)
				}
			}
			return true
		})
	}
	ast.Inspect(fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && (info.Defs[id] == v || info.Uses[id] == v) {
				switch r := ast.Unparen(as.Rhs[i]).(type) {
				case *ast.CompositeLit:
					collect(r)
				case *ast.UnaryExpr:
					if r.Op == token.AND {
						collect(r.X)
					}
				case *ast.CallExpr:
					if isBuiltin(info, r, "append") {
						collect(r) // all = append(all, t)
					}
				}
				continue
			}
			if base, path, ok := decompose(info, l); ok && base == v && len(path) > 0 {
				collect(as.Rhs[i])
			}
		}
		return true
	})
	return out
}

// isBuiltin reports whether call calls the builtin name.
func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// rootVar returns the variable an expression selects, indexes or
// dereferences its way down from: ts for ts[0].ms[0], us for us[i].m.
func rootVar(info *types.Info, e ast.Expr) (types.Object, bool) {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			return v, ok
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel == nil || sel.Kind() != types.FieldVal {
				if v, ok := info.Uses[x.Sel].(*types.Var); ok {
					return v, true // pkg.Var
				}
				return nil, false
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil, false
			}
			e = x.X
		default:
			return nil, false
		}
	}
}

// holdsVar reports whether e is a composite literal (or its address)
// that names v among its elements, and the field that holds v when e is
// a struct literal that has v as a field's value (nil otherwise).
func holdsVar(info *types.Info, e ast.Expr, v types.Object) (*types.Var, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	if t := info.TypeOf(lit); t == nil {
		return nil, false
	} else if st, ok := t.Underlying().(*types.Struct); ok {
		for i, elt := range lit.Elts {
			val, field := elt, (*types.Var)(nil)
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				val = kv.Value
				if id, ok := kv.Key.(*ast.Ident); ok {
					field, _ = info.Uses[id].(*types.Var)
				}
			} else if i < st.NumFields() {
				field = st.Field(i)
			}
			if id, ok := ast.Unparen(val).(*ast.Ident); ok && info.Uses[id] == v && field != nil {
				return field, true
			}
		}
	}
	found := false
	ast.Inspect(lit, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return nil, found
}

// argOwner returns the variable an argument handed to a goroutine comes
// from: its owner, or for an element of a slice or array picked by an
// index that meets another goroutine's (&shards[i%4]) the collection's.
func (a *analysis) argOwner(info *types.Info, e ast.Expr) (types.Object, bool) {
	if b, _, ok := a.g.owner(info, e); ok {
		return b, true
	}
	x := ast.Unparen(e)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	ix, ok := x.(*ast.IndexExpr)
	if !ok || !meetingIndex(info, ix.Index) {
		return nil, false
	}
	switch info.TypeOf(ix.X).Underlying().(type) {
	case *types.Slice, *types.Array:
		b, _, ok := a.g.owner(info, ix.X)
		return b, ok
	}
	return nil, false
}

// meetingIndex reports whether an index picks one element for several
// goroutines: a constant, or a remainder or quotient (shards[i%4],
// shards[h/64]). Any other index (a counter, a key) is not shown to meet.
func meetingIndex(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if info.Types[e].Value != nil {
		return true
	}
	b, ok := e.(*ast.BinaryExpr)
	return ok && (b.Op == token.REM || b.Op == token.QUO)
}

// paramsOf returns fn's parameters: a declaration's, or a literal's own
// (go func(sh *shard) {...}(&shards[i])).
func paramsOf(fn *funcNode) *types.Tuple {
	switch n := fn.node.(type) {
	case *ast.FuncLit:
		if sig, ok := fn.file.Package.TypesInfo.TypeOf(n).(*types.Signature); ok {
			return sig.Params()
		}
	default:
		if fn.obj != nil {
			return fn.obj.Signature().Params()
		}
	}
	return nil
}
