package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// Confidence is calibrated by the witness a conflicting pair gives, not by
// the reach of the call graph alone (see docs/design.md, "Precision"):
//
//   - a pair is witnessed when each of its accesses is reached from its
//     context by calls that really run: no interface dispatch on the way
//     (every loaded implementation of a method is an over-approximation)
//     and a goroutine root whose target is known;
//   - for a struct field, the class is one declaration over every value of
//     the struct type, so a witnessed pair still proves nothing about one
//     object. It counts when the type is meant for concurrent use (it has a
//     lock: some access of the class holds one, the author's intent),
//     or when each goroutine of the pair demonstrably holds a value that
//     reaches the field's owner (captured by the goroutine's literal,
//     passed as an argument or as the receiver of a method value, or a
//     package variable).
//
// A witnessed pair gives certain (likely for handlers and callbacks); an
// unwitnessed one gives possible, which check only shows when asked.

// witness decides the confidence of a conflicting pair.
func (a *analysis) witness(c *mapclass.Class, local bool, owners []*types.TypeName, cf conflict) Confidence {
	if cf.handoff {
		// A use after a send, and the receiver's use of what it got on
		// a channel of the class: the channel carried the map.
		if a.cx.strictly(cf.a.fn, cf.ca) && a.cx.strictly(cf.b.fn, cf.cb) {
			return Certain
		}
		return Possible
	}
	for _, side := range []struct {
		x  *access
		cx ctx
	}{{cf.a, cf.ca}, {cf.b, cf.cb}} {
		if !a.reallyReached(local, side.x, side.cx) {
			return Possible
		}
	}
	if a.handedOffLiteral(cf.a) || a.handedOffLiteral(cf.b) {
		// The access is in a function value handed to code that does
		// not call it but keeps or sends it (a task loop's Run): it runs
		// wherever that code's holder runs it, not shown to be here.
		return Possible
	}
	if a.lockedIntoValue(c, cf.a, cf.ca, a.keysIn(cf.b, cf.cb)) || a.lockedIntoValue(c, cf.b, cf.cb, a.keysIn(cf.a, cf.ca)) {
		// The map is a parameter of a function also called through a
		// value, and a call mapfix sees passes it under a lock: the
		// calls it cannot see are not shown to go without.
		return Possible
	}
	if a.ownedIn(cf.a, cf.ca) || a.ownedIn(cf.b, cf.cb) {
		// One side works, through a pointer, on a map its caller has
		// just made for a copy of its own (owned.go).
		return Possible
	}
	if !local && a.copiesApart(c, cf) {
		// Both sides reach the map through struct values passed by
		// value, copied from different variables (copies.go).
		return Possible
	}
	if a.apartFromOrigin(cf.a, cf.ca, cf.b, cf.cb) || a.apartFromOrigin(cf.b, cf.cb, cf.a, cf.ca) {
		// One side's map was made for a struct copy and went only down
		// from there; the other side is elsewhere (origin.go).
		return Possible
	}
	if a.stateOrdered(cf) {
		// One side runs only in a state the other's function left for
		// good, under the same lock, before it (lifecycle.go).
		return Possible
	}
	if a.followsWait(cf.a, cf.cb) || a.followsWait(cf.b, cf.ca) {
		// The access's own function waits for a signal first: what it
		// waits for may be the other side's end.
		return Possible
	}
	// The goroutines must hold the object. A goroutine a test starts
	// usually works on what that test made: it must hold the owner itself,
	// not one of its fields. A map sent on a channel reaches its receiver
	// without the owner (handoff.go).
	if len(owners) > 0 && !a.handedThenUsed(cf) {
		limit := maxReach
		if a.testRoot(cf) {
			limit = 0
		}
		if !a.objectWitness(c, owners, cf, limit) || !a.anchored(cf) {
			return Possible
		}
	}
	if cf.ca == cf.cb && cf.ca >= 0 && local && (a.ownLocal(c, cf.a, a.g.roots[cf.ca]) || a.ownLocal(c, cf.b, a.g.roots[cf.ca])) {
		// Two instances of a goroutine, one side through a variable its
		// own literal declares and fills from calls handed no map of the
		// class (got := Apply(maps.Clone(base), ...)): a map of its own.
		return Possible
	}
	if cf.ca == cf.cb && cf.ca >= 0 && !local && a.ownPerIteration(a.g.roots[cf.ca], cf.a, cf.b, owners) {
		// Two instances of a goroutine started in a loop, each on the
		// value its iteration made and handed it.
		return Possible
	}
	if cf.ca == cf.cb && cf.ca >= 0 && !local && a.perElement(c, a.g.roots[cf.ca], cf) {
		// Two instances of a goroutine started per element of a
		// collection, each reaching the map only through its element
		// (elements.go).
		return Possible
	}
	if cf.ca == cf.cb && cf.ca >= 0 && !local && len(owners) > 0 && a.g.roots[cf.ca].inherited && a.instancesApart(c, owners, a.g.roots[cf.ca]) {
		// Two instances of one root that is started once per run of its
		// spawner, which runs on a goroutine with many instances: they
		// share the object only if those instances do (a loop of
		// parallel subtests that each build their own client does not).
		return Possible
	}
	if cf.ca == cf.cb && cf.ca >= 0 && a.g.roots[cf.ca].inherited && a.g.roots[cf.ca].guarded {
		// Two instances of one root, each started by another instance
		// of a spawner that starts it only on some runs (a claimed flag,
		// a CompareAndSwap): not shown to overlap.
		return Possible
	}
	if !local && !a.sameRun(cf, owners) {
		return Possible
	}
	if !local && a.lockedAfterStart(cf) {
		return Possible
	}
	// A class that makes its maps at more than one place holds more than
	// one map: the pair must be shown on one of them. (With one place,
	// locals are told apart per call by the owner-relative contexts.)
	if (makeSites(c) > 1 || local && a.madeForCallers(c)) && !a.handedThenUsed(cf) {
		// (A use after a send and the receiver's use are on the one map
		// the channel carried.)
		if hasVarSlot(c) && (!a.byName(cf.a) || !a.byName(cf.b)) {
			return Possible
		}
		if local && !a.sameOwner(cf.a, cf.b) {
			return Possible
		}
		if local && (a.viaParam(cf.a) || a.viaParam(cf.b)) {
			// A helper's parameter that several owners feed holds any
			// of their maps: the pair is not shown on one.
			return Possible
		}
		if !local && a.samePerCallMap(cf.a, cf.b) {
			// Two runs of one function, each on the map that run made.
			return Possible
		}
		if !local && (a.directLocal(cf.a) || a.directLocal(cf.b)) && !a.sameOwner(cf.a, cf.b) {
			// A local that holds the map itself (l := labels(...)) holds
			// whichever map its function got: not shown to be the other
			// side's.
			return Possible
		}
	}
	if len(owners) == 0 && !local && (a.viaParam(cf.a) || a.viaParam(cf.b)) {
		// A map parameter holds whatever each caller passes: the pair
		// may be on two maps of the class.
		return Possible
	}
	if a.likely(cf) {
		return Likely
	}
	return Certain
}

// handedOffLiteral reports whether x is made in a function literal (or
// one nested in it) that is an argument of a call of a loaded function
// which does not itself call it (callsParam), and that is not the target
// of a go statement.
func (a *analysis) handedOffLiteral(x *access) bool {
	if x.spawned || x.via != "" {
		return false
	}
	for fn := x.fn; fn != nil && fn.parent != nil; fn = fn.parent {
		if len(fn.rootOf) > 0 {
			return false
		}
		if v, ok := a.handedOff[fn]; ok {
			if v {
				return true
			}
			continue
		}
		v := a.literalHandedOff(fn)
		if a.handedOff == nil {
			a.handedOff = make(map[*funcNode]bool)
		}
		a.handedOff[fn] = v
		if v {
			return true
		}
	}
	return false
}

// literalHandedOff reports whether the literal fn is passed to a loaded
// function that does not call it.
func (a *analysis) literalHandedOff(fn *funcNode) bool {
	callee, i := a.g.handedTo(fn)
	return callee != nil && !a.g.callsParam(callee, i, 0)
}

// followsWait reports whether the function making x first waits, in a
// statement that always runs before x: a channel receive, a select,
// wg.Wait() or a call that waits, not repeated in a loop around x (a
// loop's receive hands over one value after another; it ends no
// goroutine). mapfix orders such a wait only against the goroutines the
// waiting code started itself (other, the root of the pair's other side,
// is judged by the ordering rules); one that waits for something else
// (Close's <-c.done, a test's signal from a handler) orders what follows
// it in ways the pair does not show.
func (a *analysis) followsWait(x *access, other ctx) bool {
	if x.fn == nil || x.spawned || x.via != "" {
		return false
	}
	var spawner *funcNode
	if other >= 0 {
		spawner = a.g.roots[other].spawner
	}
	pos := x.use.Expr.Pos()
	for _, w := range x.fn.waits {
		if w.scope == nil || w.pos >= pos || !contains(w.scope, pos) {
			continue
		}
		if w.loop != nil && contains(w.loop, pos) {
			continue
		}
		if spawner != nil && (spawner == x.fn || spawner == w.via) {
			continue
		}
		if w.node != nil && !awaitsPeer(x.fn.file.Package.TypesInfo, w.node) {
			continue
		}
		return true
	}
	return false
}

// awaitsPeer reports whether the channel wait n waits for another
// goroutine's signal: not a select that may send instead (a semaphore
// slot), and not only a cancellation or a timer (<-ctx.Done(),
// <-time.After(d)), which say nothing about what other goroutines did.
func awaitsPeer(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return !clockOrCancel(info, n.X)
	case *ast.RangeStmt:
		return !clockOrCancel(info, n.X)
	case *ast.SelectStmt:
		peer := false
		for _, c := range n.Body.List {
			cc, ok := c.(*ast.CommClause)
			if !ok || cc.Comm == nil {
				continue
			}
			if _, isSend := cc.Comm.(*ast.SendStmt); isSend {
				return false
			}
			var recv ast.Expr
			switch s := cc.Comm.(type) {
			case *ast.ExprStmt:
				recv = s.X
			case *ast.AssignStmt:
				if len(s.Rhs) == 1 {
					recv = s.Rhs[0]
				}
			}
			if u, ok := ast.Unparen(recv).(*ast.UnaryExpr); ok && u.Op == token.ARROW && !clockOrCancel(info, u.X) {
				peer = true
			}
		}
		return peer
	}
	return true
}

// clockOrCancel reports whether ch is a context's Done channel or a
// timer's: x.Done(), time.After(d), time.Tick(d), t.C of a time.Timer or
// time.Ticker.
func clockOrCancel(info *types.Info, ch ast.Expr) bool {
	switch e := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			if sel.Sel.Name == "Done" && len(e.Args) == 0 {
				return true
			}
			if pkg, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				if pn, ok := info.Uses[pkg].(*types.PkgName); ok && pn.Imported().Path() == "time" {
					return true
				}
			}
		}
	case *ast.SelectorExpr:
		if e.Sel.Name == "C" {
			if t := info.TypeOf(e.X); t != nil {
				s := t.String()
				return strings.HasSuffix(s, "time.Timer") || strings.HasSuffix(s, "time.Ticker")
			}
		}
	}
	return false
}

// reallyReached reports whether x runs in context cx by calls that really
// happen.
func (a *analysis) reallyReached(local bool, x *access, cx ctx) bool {
	if cx >= 0 && a.g.roots[cx].dispatch {
		return false
	}
	if local || x.fn == nil || x.spawned {
		// Local classes are placed relative to the map's owner: the
		// context is the goroutine the map was handed to.
		return true
	}
	return a.cx.strictly(x.fn, cx)
}

// objectWitness reports whether the pair is on one object: an access
// names the owner through a package variable; or every goroutine of the
// pair holds a value from which the field's owner (or the map itself) is
// reached, and an access in the spawning context is made by the code that
// started the goroutine (the spawner, or what it calls), which holds the
// same value. An access in some other entry point's code would be on
// whatever object that code has.
func (a *analysis) objectWitness(c *mapclass.Class, owners []*types.TypeName, cf conflict, limit int) bool {
	if a.byPackageVar(cf.a) || a.byPackageVar(cf.b) {
		return true
	}
	var outer *access
	var roots []*root
	// Two instances of one root started in a loop share only what was
	// made outside the loop: a value made in the iteration is each
	// goroutine's own.
	self := cf.ca == cf.cb && cf.ca >= 0
	spawning := a.spawningSide(cf)
	for i, side := range []struct {
		x  *access
		cx ctx
	}{{cf.a, cf.ca}, {cf.b, cf.cb}} {
		if side.cx < 0 || i == spawning {
			outer = side.x
			continue
		}
		r := a.g.roots[side.cx]
		if !a.rootCarries(c, r, owners, self, limit) {
			return false
		}
		roots = append(roots, r)
	}
	if outer != nil {
		for _, r := range roots {
			if !a.spawnerReaches(r, outer) {
				return false
			}
			if (a.freshHanded(r, owners) && a.keptBySpawner(r, owners) || a.madeAndKeptHanded(r, owners)) && !a.spawnerItselfReaches(r, outer) {
				// The goroutine works on an object its spawner made and
				// never let out: code outside the spawner (an enclosing
				// test's other subtests, the spawner's callers) has
				// objects of its own.
				return false
			}
		}
	}
	// The checks that tell the two goroutines' objects apart hold only for
	// values that are the owners themselves: an owner reached through a
	// field of a goroutine's own value (w.server, set from a parameter)
	// may be the other goroutine's.
	if len(roots) == 2 && roots[0] != roots[1] && roots[0].spawner != roots[1].spawner &&
		a.handsOwners(roots[0], owners) && a.handsOwners(roots[1], owners) &&
		a.freshHanded(roots[0], owners) && a.freshHanded(roots[1], owners) {
		// Each goroutine holds what its own starter allocated: two
		// different objects.
		return false
	}
	if len(roots) == 2 && roots[0] != roots[1] && (a.handsOwners(roots[0], owners) && a.keptFrom(roots[0], roots[1], owners) || a.handsOwners(roots[1], owners) && a.keptFrom(roots[1], roots[0], owners)) {
		// One goroutine holds an object its starter made and kept to
		// itself (a test's cache); the other is started by code that
		// starter never runs: it holds some other object.
		return false
	}
	if len(roots) == 2 && roots[0] != roots[1] && a.handsOwners(roots[0], owners) && a.handsOwners(roots[1], owners) && a.disjointOrigins(roots[0], roots[1], owners) {
		// The objects the two goroutines hold are allocated at
		// different places (a test that builds its value by hand, a
		// constructor that starts its own loop): never the same.
		return false
	}
	return true
}

// disjointOrigins reports whether the values that reach the owners, which
// roots r and s are handed, are allocated at different places, so never
// one object.
func (a *analysis) disjointOrigins(r, s *root, owners []*types.TypeName) bool {
	from := func(r *root) ([]origin, bool) {
		if r.spawner == nil {
			return nil, false
		}
		vars, ok := a.handedVars(r, owners)
		if !ok || len(vars) == 0 {
			return nil, false
		}
		var out []origin
		for _, v := range vars {
			fn := r.spawner
			for fn != nil && !contains(fn.node, v.Pos()) {
				fn = fn.parent // a variable the spawner captured
			}
			o, ok := a.g.origins(fn, v, 0)
			if !ok {
				return nil, false
			}
			out = append(out, o...)
		}
		return out, true
	}
	or, ok := from(r)
	if !ok {
		return false
	}
	os, ok := from(s)
	if !ok {
		return false
	}
	for _, o := range or {
		for _, p := range os {
			if o.mayMeet(p) {
				return false
			}
		}
	}
	return true
}

// keptFrom reports whether every value r's goroutine is handed that
// reaches the owners was allocated by r's spawner (a literal, new, or a
// constructor that returns what it allocates) and never let out of it
// (madeAndKept), while neither the spawner, the functions it is
// written in, nor r's goroutine run the code that starts other: other's
// goroutine cannot have been handed that object.
func (a *analysis) keptFrom(r, other *root, owners []*types.TypeName) bool {
	if other.spawner == nil || !a.madeAndKeptHanded(r, owners) {
		return false
	}
	starts := append([]*funcNode(nil), r.targets...)
	for fn := r.spawner; fn != nil; fn = fn.parent {
		starts = append(starts, fn)
	}
	for _, fn := range starts {
		if a.g.runsWithin(fn)[other.spawner] {
			return false
		}
	}
	return true
}

// madeAndKeptHanded reports whether every value r's goroutine is handed
// that reaches the owners is madeAndKept by r's spawner.
func (a *analysis) madeAndKeptHanded(r *root, owners []*types.TypeName) bool {
	if r.spawner == nil || r.spawner.body == nil {
		return false
	}
	vars, ok := a.handedVars(r, owners)
	if !ok || len(vars) == 0 {
		return false
	}
	for _, v := range vars {
		if !a.madeAndKept(r.spawner, v, 1) {
			return false
		}
	}
	return true
}

// madeAndKept reports whether fn's local v only ever holds what fn
// allocated (a literal, new, or a constructor that returns what it
// allocates), and fn never lets it out: v is only read through (v.f,
// v.M()), assigned, or, up to depth levels, handed to a method of
// another such local (collector.AddCache(cache)), whose own object stays
// in fn as well.
func (a *analysis) madeAndKept(fn *funcNode, v *types.Var, depth int) bool {
	info := fn.file.Package.TypesInfo
	if !contains(fn.body, v.Pos()) || !onlyAssigned(fn, v, func(e ast.Expr) bool {
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X // &T{...}
		}
		return isFresh(info, e) || a.g.allocator(info, e) != nil
	}, false) {
		return false
	}
	kept := true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !kept || !ok || info.ObjectOf(id) != types.Object(v) || len(stack) == 0 {
			return kept
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.SelectorExpr:
			kept = p.X == id
			if sel := info.Selections[p]; kept && sel != nil && sel.Kind() == types.MethodVal {
				// v.M(): M must not let its receiver out either.
				kept = false
				if len(stack) > 1 {
					if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == ast.Expr(p) {
						callees, dispatch := a.g.callees(info, call)
						kept = !dispatch && len(callees) == 1 && a.keepsReceiver(callees[0], 2)
					}
				}
			}
		case *ast.AssignStmt:
			kept = slices.Contains(p.Lhs, ast.Expr(id))
		case *ast.ValueSpec:
			kept = slices.Contains(p.Names, id)
		case *ast.CallExpr:
			kept = false
			if sel, isSel := ast.Unparen(p.Fun).(*ast.SelectorExpr); isSel && depth > 0 && slices.Contains(p.Args, ast.Expr(id)) {
				if base, isID := ast.Unparen(sel.X).(*ast.Ident); isID {
					w, isVar := info.ObjectOf(base).(*types.Var)
					kept = isVar && w != v && a.madeAndKept(fn, w, depth-1)
				}
			}
		default:
			kept = false
		}
		return kept
	})
	return kept
}

// keepsReceiver reports whether method fn uses its receiver only to reach
// its fields and to call methods that keep it too (depth levels deep):
// it never stores, sends, returns or passes the receiver itself.
func (a *analysis) keepsReceiver(fn *funcNode, depth int) bool {
	rv := fn.recvVar()
	if fn.body == nil || rv == nil || depth < 0 {
		return false
	}
	info := fn.file.Package.TypesInfo
	kept := true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !kept || !ok || info.Uses[id] != types.Object(rv) || len(stack) == 0 {
			return kept
		}
		p, ok := stack[len(stack)-1].(*ast.SelectorExpr)
		if !ok || p.X != ast.Expr(id) {
			kept = false
			return false
		}
		if sel := info.Selections[p]; sel != nil && sel.Kind() == types.MethodVal {
			kept = false
			if len(stack) > 1 {
				if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == ast.Expr(p) {
					callees, dispatch := a.g.callees(info, call)
					kept = !dispatch && len(callees) == 1 && (callees[0] == fn || a.keepsReceiver(callees[0], depth-1))
				}
			}
		}
		return kept
	})
	return kept
}

// handsOwners reports whether the owners reached from the values r's
// goroutine is handed are parts of those values: each value is an owner
// itself (or a pointer to one), or a struct literal written in the
// spawning code whose fields that reach the owners are set to values it
// allocates there (&worker{c: &cache{...}}). A field set from anything
// else (&zebraClient{server: s}, s a parameter) may hold the object
// another goroutine has.
func (a *analysis) handsOwners(r *root, owners []*types.TypeName) bool {
	return a.everyHanded(r, owners, func(v *types.Var) bool {
		return isOwnerType(v.Type(), owners) || a.builtWithOwnParts(r.spawner, v, owners)
	})
}

// everyHanded reports whether r's goroutine is handed values that reach
// the owners, all in variables of its spawner, and ok holds for each.
func (a *analysis) everyHanded(r *root, owners []*types.TypeName, ok func(*types.Var) bool) bool {
	if r.spawner == nil {
		return false
	}
	vars, found := a.handedVars(r, owners)
	if !found || len(vars) == 0 {
		return false
	}
	for _, v := range vars {
		if !ok(v) {
			return false
		}
	}
	return true
}

// isOwnerType reports whether t is one of owners or a pointer to one.
func isOwnerType(t types.Type, owners []*types.TypeName) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && slices.Contains(owners, n.Origin().Obj())
}

// builtWithOwnParts reports whether v is defined, in fn or a function fn
// is written in, by a struct literal (or its address) whose elements that
// reach the owners all allocate.
func (a *analysis) builtWithOwnParts(fn *funcNode, v *types.Var, owners []*types.TypeName) bool {
	for fn != nil && !contains(fn.node, v.Pos()) {
		fn = fn.parent // a variable the spawner captured
	}
	if fn == nil || fn.body == nil {
		return false
	}
	info := fn.file.Package.TypesInfo
	var lit *ast.CompositeLit
	ast.Inspect(fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || lit != nil || len(as.Lhs) != len(as.Rhs) {
			return lit == nil
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && info.Defs[id] == v {
				e := ast.Unparen(as.Rhs[i])
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
					e = ast.Unparen(u.X)
				}
				lit, _ = e.(*ast.CompositeLit)
			}
		}
		return lit == nil
	})
	if lit == nil {
		return false
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if a.reaches(info.TypeOf(e), owners, 0) && !a.g.allocates(info, e) {
			return false
		}
	}
	return true
}

// freshHanded reports whether every value r's goroutine is handed that
// reaches the owners is one its spawner allocated itself (freshIn): the
// goroutine then works on objects of that one call of the spawner.
func (a *analysis) freshHanded(r *root, owners []*types.TypeName) bool {
	return a.everyHanded(r, owners, func(v *types.Var) bool { return freshIn(r.spawner, v) })
}

// handedVars returns the variables of r's spawner whose values r's
// goroutine is handed (arguments, captures) and that reach the owners;
// ok is false when an argument that is no variable reaches them too.
func (a *analysis) handedVars(r *root, owners []*types.TypeName) (vars []*types.Var, ok bool) {
	info := r.spawner.file.Package.TypesInfo
	var objs []types.Object
	for _, e := range r.args {
		b, ok := rootVar(info, e)
		if !ok {
			if a.reaches(info.TypeOf(e), owners, 0) {
				return nil, false // a value reaching the owner, from somewhere
			}
			continue // a constant, a count: nothing of the owner
		}
		objs = append(objs, b)
	}
	if r.lit != nil {
		objs = append(objs, captured(info, r.lit)...)
	}
	for _, o := range objs {
		if v, ok := o.(*types.Var); ok && a.reaches(v.Type(), owners, 0) {
			vars = append(vars, v)
		}
	}
	return vars, true
}

// keptBySpawner reports whether the values r's goroutine is handed that
// reach the owners stay in r's spawner: each is a local used there only to
// select through (v.f, v.m()), to be declared or assigned, and inside the
// goroutine's literal or arguments. Stored, returned, sent or passed on,
// it may reach code outside the spawner.
func (a *analysis) keptBySpawner(r *root, owners []*types.TypeName) bool {
	info := r.spawner.file.Package.TypesInfo
	vars, ok := a.handedVars(r, owners)
	if !ok || len(vars) == 0 {
		return false
	}
	kept := true
	inspect(r.spawner.body, func(n ast.Node, stack []ast.Node) bool {
		if !kept || (r.lit != nil && n == ast.Node(r.lit)) {
			return false // decided, or the goroutine's own uses
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || !slices.Contains(vars, v) {
			return true
		}
		if len(stack) == 0 || !keptUse(id, stack[len(stack)-1], r) {
			kept = false
		}
		return true
	})
	return kept
}

// keptUse reports whether the use id of a spawner's local, whose parent
// node is parent, keeps its value where it is.
func keptUse(id *ast.Ident, parent ast.Node, r *root) bool {
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		return p.X == id
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return true
			}
		}
	case *ast.ValueSpec:
		for _, n := range p.Names {
			if n == id {
				return true
			}
		}
	case *ast.GoStmt, *ast.CallExpr:
		for _, e := range r.args {
			if e == ast.Expr(id) {
				return true
			}
		}
	}
	return false
}

// spawnerItselfReaches reports whether r's spawner makes access x after
// the go statement (or in a loop around it), directly or in what it calls
// from there: spawnerReaches without the enclosing functions and callers.
func (a *analysis) spawnerItselfReaches(r *root, x *access) bool {
	if x.fn == nil {
		return false
	}
	points := a.frontier(r)[:1]
	return a.madeAfter(points, a.reachedAfter(points), x)
}

// spawningSide returns the side of a pair (0 or 1) whose access is made
// by the code that started the other side's goroutine, after the go
// statement, while that code itself runs on another goroutine (a worker
// that starts a helper goroutine and keeps using what it handed over);
// or -1.
func (a *analysis) spawningSide(cf conflict) int {
	if cf.ca < 0 || cf.cb < 0 || cf.ca == cf.cb {
		return -1
	}
	if a.spawnerReaches(a.g.roots[cf.cb], cf.a) {
		return 0
	}
	if a.spawnerReaches(a.g.roots[cf.ca], cf.b) {
		return 1
	}
	return -1
}

// spawnerReaches reports whether the code that started r makes access x
// while the goroutine may run: after the go statement (or in a loop
// around it) in the spawner, in a function enclosing the spawner after
// the literal, or in a caller of the spawner (which handed it the value)
// after the call; directly or in what those calls reach. An access that
// the same code makes only before starting the goroutine is ordered
// before it on this object.
func (a *analysis) spawnerReaches(r *root, x *access) bool {
	if r.spawner == nil || x.fn == nil {
		return false
	}
	if a.spawnReach == nil {
		a.spawnReach = make(map[*root]map[*funcNode]bool)
	}
	reach, ok := a.spawnReach[r]
	if !ok {
		reach = a.reachedAfter(a.frontier(r))
		a.spawnReach[r] = reach
	}
	return a.madeAfter(a.frontier(r), reach, x)
}

// reachedAfter returns the functions that the functions of points call
// after them (or in a loop around them), and what those call in turn.
func (a *analysis) reachedAfter(points []frontierPoint) map[*funcNode]bool {
	reach := make(map[*funcNode]bool)
	var work []*funcNode
	for _, fr := range points {
		for _, oc := range a.outCalls(fr.fn) {
			if oc.pos > fr.pos || fr.fn.sameLoop(oc.pos, fr.pos, nil) {
				work = append(work, oc.callee)
			}
		}
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		if reach[n] {
			continue
		}
		reach[n] = true
		work = append(work, n.staticCalls...)
	}
	return reach
}

// madeAfter reports whether access x is in a function of reach, or in the
// function of one of points after it (or in a loop around it).
func (a *analysis) madeAfter(points []frontierPoint, reach map[*funcNode]bool, x *access) bool {
	if reach[x.fn] {
		return true
	}
	p := x.use.Expr.Pos()
	for _, fr := range points {
		if fr.fn == x.fn && (p > fr.pos || fr.fn.sameLoop(p, fr.pos, nil)) {
			return true
		}
	}
	return false
}

// frontierPoint is a point in a function after which code runs while a
// goroutine may.
type frontierPoint struct {
	fn  *funcNode
	pos token.Pos
}

// frontier returns the points of r's starting code: the go statement in
// the spawner, each enclosing function at the literal holding it, and
// each call site of the spawner's declaration.
func (a *analysis) frontier(r *root) []frontierPoint {
	out := []frontierPoint{{r.spawner, r.pos}}
	for n := r.spawner; n.parent != nil; n = n.parent {
		out = append(out, frontierPoint{n.parent, n.node.Pos()})
	}
	for _, cs := range declOf(r.spawner).callers {
		if cs.caller != nil && cs.call != nil {
			out = append(out, frontierPoint{cs.caller, cs.pos})
		}
	}
	return out
}

// outCall is a call site of a function, with the callee it really runs.
type outCall struct {
	pos    token.Pos
	callee *funcNode
}

// outCalls returns the static call sites made in fn.
func (a *analysis) outCalls(fn *funcNode) []outCall {
	if a.calls == nil {
		a.calls = make(map[*funcNode][]outCall)
		for _, callee := range a.g.funcs {
			for _, cs := range callee.callers {
				if cs.caller == nil {
					continue
				}
				for _, s := range cs.caller.staticCalls {
					if s == callee {
						a.calls[cs.caller] = append(a.calls[cs.caller], outCall{cs.pos, callee})
						break
					}
				}
			}
		}
	}
	return a.calls[fn]
}

// makeSites counts the places that make the class's maps.
//
// A container of the class's maps (make(chan M), []M{...}) counts too: a
// class with a slice or channel of maps holds many maps, so its pairs
// must be shown on one of them as well.
func makeSites(c *mapclass.Class) int {
	n := 0
	for _, u := range c.Uses {
		if u.Op == mapclass.Make {
			n++
		}
	}
	return n
}

// ownLocal reports whether x reaches its map through a variable declared
// inside r's literal that is only assigned fresh maps or the results of
// calls handed no map of the class: each instance's own map.
func (a *analysis) ownLocal(c *mapclass.Class, x *access, r *root) bool {
	if x.fn == nil {
		return false
	}
	info := x.use.File.Package.TypesInfo
	id, ok := ast.Unparen(x.use.Expr).(*ast.Ident)
	if !ok {
		return false
	}
	v, isVar := info.Uses[id].(*types.Var)
	if !isVar || v.IsField() {
		return false
	}
	var lit *ast.FuncLit
	for _, t := range r.targets {
		if l, isLit := t.node.(*ast.FuncLit); isLit && l.Body.Pos() <= v.Pos() && v.Pos() < l.Body.End() {
			lit = l
		}
	}
	if lit == nil {
		return false
	}
	classExpr := make(map[ast.Expr]bool)
	for _, u := range c.Uses {
		classExpr[ast.Unparen(u.Expr)] = true
	}
	// handsClassMap reports whether a call is handed a map of the class
	// in any form (m, &m, a struct holding it), but for a copy of it
	// (maps.Clone(m)).
	handsClassMap := func(call *ast.CallExpr) bool {
		found := false
		ast.Inspect(call, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && c != call && clonesMapCall(info, c) {
				return false
			}
			if e, ok := n.(ast.Expr); ok && n != ast.Node(call) && classExpr[ast.Unparen(e)] {
				found = true
			}
			return !found
		})
		return found
	}
	return onlyAssigned(&funcNode{node: lit, body: lit.Body, file: x.use.File}, v, func(e ast.Expr) bool {
		if isFreshMap(info, e) {
			return true
		}
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && !handsClassMap(call)
	}, false)
}

// madeForCallers reports whether the class's one make site is in a
// function that returns the map and is called from more than one place
// (a test fixture, a constructor): each call hands out a map of its own,
// as if the class made its maps at each call site.
func (a *analysis) madeForCallers(c *mapclass.Class) bool {
	if makeSites(c) != 1 {
		return false
	}
	for _, u := range c.Uses {
		if u.Op != mapclass.Make {
			continue
		}
		var fn *funcNode
		for i := len(u.Stack) - 1; i >= 0 && fn == nil; i-- {
			switch u.Stack[i].(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				fn = a.g.byAST[u.Stack[i]]
			}
		}
		if fn == nil || fn.obj == nil || len(fn.callers) < 2 {
			return false
		}
		info := fn.file.Package.TypesInfo
		// Every return hands back a map made on that path (not ensure(m)'s
		// m, not a lazily made package map).
		fresh := returnsFresh(fn, func(call *ast.CallExpr) bool {
			return isBuiltin(info, call, "make")
		}, func(v *types.Var) bool {
			return contains(fn.body, v.Pos()) && onlyAssigned(fn, v, func(e ast.Expr) bool { return isFreshMap(info, e) }, false)
		})
		if !fresh {
			return false
		}
		for _, sl := range c.Slots {
			if sl.Kind == mapclass.Result && sl.Func == fn.obj {
				return true
			}
		}
	}
	return false
}

// byPackageVar reports whether x reaches its map through a package
// variable, as written.
func (a *analysis) byPackageVar(x *access) bool {
	base, _, ok := decompose(x.use.File.Package.TypesInfo, x.use.Expr)
	return ok && isPackageVar(base)
}

// byName reports whether x reaches its map through a package variable
// (or a local that renames it).
func (a *analysis) byName(x *access) bool {
	base, _, ok := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	return ok && isPackageVar(base)
}

// directLocal reports whether x reaches its map through a local variable
// or parameter that holds the map itself, not through a field path.
func (a *analysis) directLocal(x *access) bool {
	base, path, ok := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	if !ok || len(path) > 0 || isPackageVar(base) {
		return false
	}
	v, isVar := base.(*types.Var)
	return isVar && !v.IsField()
}

// samePerCallMap reports whether both accesses reach their map through
// one local variable that holds only maps each call of its function makes
// (make, a literal, or the result of a function that returns such a
// map), and that no function literal captures: two goroutines running
// the function each have their own.
func (a *analysis) samePerCallMap(x, y *access) bool {
	if !a.directLocal(x) || !a.directLocal(y) || x.fn == nil {
		return false
	}
	bx, _, _ := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	by, _, _ := a.g.owner(y.use.File.Package.TypesInfo, y.use.Expr)
	v, ok := bx.(*types.Var)
	if !ok || bx != by || a.g.params[v] {
		return false
	}
	fn := x.fn
	for fn.parent != nil && !contains(fn.node, v.Pos()) {
		fn = fn.parent
	}
	if !contains(fn.node, v.Pos()) || fn != y.fn {
		return false // declared in an enclosing function, or a closure's access
	}
	return a.freshMapVar(fn, v, 0)
}

// freshMapVar reports whether every value fn assigns to v is a map made
// by that call, and no function literal in fn uses v.
func (a *analysis) freshMapVar(fn *funcNode, v *types.Var, depth int) bool {
	if fn.body == nil || depth > 2 {
		return false
	}
	info := fn.file.Package.TypesInfo
	return onlyAssigned(fn, v, func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if isBuiltin(info, e, "make") {
				return true
			}
			callee := a.g.onlyCallee(info, e)
			return callee != nil && a.returnsFreshMap(callee, depth+1)
		}
		return false
	}, true)
}

// returnsFreshMap reports whether every return of fn returns a local
// that holds only maps fn makes.
func (a *analysis) returnsFreshMap(fn *funcNode, depth int) bool {
	info := fn.file.Package.TypesInfo
	return returnsFresh(fn,
		func(call *ast.CallExpr) bool { return isBuiltin(info, call, "make") },
		func(v *types.Var) bool { return a.freshMapVar(fn, v, depth) })
}

// sameOwner reports whether two accesses of a local class reach their
// map through locals of one function (or variables its closures
// capture): the class joins the locals of every function a map flows
// through, and two functions' locals may hold two different maps.
func (a *analysis) sameOwner(x, y *access) bool {
	ox, oy := a.ownerFunc(x), a.ownerFunc(y)
	return ox != nil && ox == oy
}

// ownerFunc returns the declaration whose local (or parameter) x reaches
// its map through, or nil.
func (a *analysis) ownerFunc(x *access) *funcNode {
	if x.fn == nil {
		return nil
	}
	info := x.use.File.Package.TypesInfo
	base, _, ok := a.g.owner(info, x.use.Expr)
	if !ok {
		base, ok = rootVar(info, x.use.Expr)
	}
	if !ok {
		return nil
	}
	for n := x.fn; n != nil; n = n.parent {
		if contains(n.node, base.Pos()) {
			return declOf(n)
		}
	}
	return nil
}

// viaParam reports whether x reaches its map through a map parameter of a
// function that its call sites pass more than one map to.
func (a *analysis) viaParam(x *access) bool {
	if x.fn == nil {
		return false
	}
	base, path, ok := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	v, isVar := base.(*types.Var)
	if !ok || !isVar || len(path) > 0 || !a.g.params[v] {
		return false
	}
	return a.paramFedMany(declOf(x.fn), v, 0)
}

// lockedIntoValue reports whether x is made on a map parameter of a
// function that is also used as a function value (its callers are not
// all known), and every call of it that mapfix sees in x's context cx
// passing a map of class c (one at least) holds a lock that other, the
// lock keys of the other access of the pair, also holds: runIngestFlush passing
// d.mu.compact.inProgress under d.mu to a function the DB also hands to
// its ingest code, against an access under d.mu.
func (a *analysis) lockedIntoValue(c *mapclass.Class, x *access, cx ctx, other []string) bool {
	if x.fn == nil || len(other) == 0 {
		return false
	}
	base, path, ok := a.g.owner(x.use.File.Package.TypesInfo, x.use.Expr)
	v, isVar := base.(*types.Var)
	if !ok || !isVar || len(path) > 0 || !a.g.params[v] {
		return false
	}
	for fn := x.fn; fn != nil; fn = fn.parent {
		if fn.obj == nil {
			continue
		}
		params := fn.obj.Signature().Params()
		idx := -1
		for i := range params.Len() {
			if params.At(i) == v {
				idx = i
			}
		}
		if idx < 0 {
			continue
		}
		if !fn.valueRef {
			return false
		}
		// The calls in x's context: where the context reaches the
		// function only through the value, nothing is seen; where it
		// also takes the function as a value (ingest(pickLevel)), the
		// calls through that value are not seen either.
		var sites []callSite
		refs := 0
		for _, cs := range fn.callers {
			if cs.call == nil {
				refs++
				if cs.caller == nil || a.callerIn(cs, cx) || !a.callArgument(cs) {
					// Taken as a value here, in a package variable, or
					// kept (in a field, a local) where it may run anywhere.
					return false
				}
			}
		}
		if refs == 0 {
			return false // taken as a value where no function is: a package variable
		}
		for _, cs := range fn.callers {
			if cs.call == nil || cs.caller == nil || idx >= len(cs.call.Args) || !a.callerIn(cs, cx) {
				continue
			}
			// Not a map of another class (a test's own); a map whose
			// class is not known (any(m).(map[K]V), id(m)) may be this one.
			if cl := a.classOf(cs.caller.file.Package.TypesInfo, unconvert(cs.caller.file.Package.TypesInfo, cs.call.Args[idx])); cl == c || cl == nil {
				sites = append(sites, cs)
			}
		}
		for _, cs := range sites {
			keys := a.g.accessKeys(cs.caller.file.Package.TypesInfo, cs.call.Args[idx], a.locks.heldAtSite(cs), x.write)
			if !shareKey(keys, other) {
				return false
			}
		}
		return len(sites) > 0
	}
	return false
}

// callArgument reports whether value reference cs is itself an argument
// of a call of a loaded function that calls it, or hands it to one that
// does, on the caller's goroutine (d.ingest(paths, ingestTargetLevel)):
// a setter that keeps it lets it run anywhere.
func (a *analysis) callArgument(cs callSite) bool {
	callee, i, _ := a.g.argCallee(cs.caller, func(arg ast.Expr) bool { return ast.Unparen(arg).Pos() == cs.pos })
	return callee != nil && !a.g.async[callee][i] && a.g.callsParam(callee, i, 0)
}

// unconvert strips type conversions from e: map[int]bool(d.m) is d.m.
func unconvert(info *types.Info, e ast.Expr) ast.Expr {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
			return e
		}
		e = call.Args[0]
	}
}

// paramFedMany reports whether the call sites of decl may pass parameter
// (or receiver) v more than one map. Every call site passing the one
// variable (bump(scores, k) from two goroutines) is the one map; a
// parameter passed on unchanged (a recursive helper, a wrapper) is asked
// of its own callers in turn.
func (a *analysis) paramFedMany(decl *funcNode, v *types.Var, depth int) bool {
	if decl == nil || depth > 4 {
		return true
	}
	idx := -1
	recv := decl.recvVar() != nil && types.Object(decl.recvVar()) == types.Object(v)
	if decl.obj != nil {
		params := decl.obj.Signature().Params()
		for i := range params.Len() {
			if params.At(i) == v {
				idx = i
			}
		}
	}
	if idx < 0 && !recv {
		return true
	}
	var first string
	var firstVar *types.Var
	var firstCaller *funcNode
	for _, cs := range decl.callers {
		if cs.call == nil || cs.caller == nil || (!recv && idx >= len(cs.call.Args)) {
			return true
		}
		// The receiver of a named map type's method (s.Add(k)) is the
		// value the method is called on.
		var arg ast.Expr
		if recv {
			sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			arg = sel.X
		} else {
			arg = cs.call.Args[idx]
		}
		b, p, ok := a.g.owner(cs.caller.file.Package.TypesInfo, arg)
		if !ok {
			return true
		}
		if bv, isVar := b.(*types.Var); isVar && len(p) == 0 && bv == v && declOf(cs.caller) == decl {
			continue // a recursive call passing the parameter on
		}
		key := a.g.keys.of(b)
		for _, f := range p {
			key += "/" + a.g.keys.of(f)
		}
		if first == "" {
			first, firstCaller = key, cs.caller
			if bv, isVar := b.(*types.Var); isVar && len(p) == 0 {
				firstVar = bv
			}
		} else if key != first {
			return true
		}
	}
	if first == "" {
		return true // no call site known: any caller's map
	}
	if firstVar != nil && a.g.params[firstVar] {
		// One variable, itself a parameter: the maps its callers pass.
		return a.paramFedMany(declOf(firstCaller), firstVar, depth+1)
	}
	return false
}

// testRoot reports whether a goroutine of the pair is started by a test.
func (a *analysis) testRoot(cf conflict) bool {
	for _, x := range []ctx{cf.ca, cf.cb} {
		if x >= 0 {
			if r := a.g.roots[x]; r.startedInTest() {
				return true
			}
		}
	}
	return false
}

// sameRun reports whether an access in the spawning context of the pair
// runs while the goroutine does in the same run of the program: made by
// the code that started it, after the go statement (or by what that
// code calls then), or by exported API of a library package, which its
// importers may call at any time. The spawning context merges every entry
// point; without this, a goroutine started in one test would race with
// the code of every other test. Two goroutines on an object that no
// package variable holds, of the owner types, must be started in one run
// (sameTestRun).
func (a *analysis) sameRun(cf conflict, owners []*types.TypeName) bool {
	var outer *access
	var r *root
	switch {
	case cf.ca == outerCtx && cf.cb >= 0:
		outer, r = cf.a, a.g.roots[cf.cb]
	case cf.cb == outerCtx && cf.ca >= 0:
		outer, r = cf.b, a.g.roots[cf.ca]
	case cf.ca >= 0 && cf.cb >= 0 && cf.ca != cf.cb:
		if len(owners) == 0 || a.byName(cf.a) || a.byName(cf.b) {
			return true
		}
		return a.sameTestRun(a.g.roots[cf.ca], a.g.roots[cf.cb], func(r *root) bool { return a.handedFresh(r, owners) })
	default:
		return true
	}
	if outer.fn == nil {
		return true
	}
	if a.spawnerReaches(r, outer) {
		return true
	}
	// A goroutine a test starts runs beside that test only; a program's
	// goroutines beside its own code only.
	if strings.HasSuffix(outer.fn.file.Name, "_test.go") || outer.fn.file.Package.Name == "main" ||
		r.spawner == nil || r.startedInTest() {
		return false
	}
	return a.reachableFromExported(outer.fn)
}

// rootCarries reports whether root r hands its goroutine a value that
// reaches one of the owner types, or a map of class c: an argument, the
// receiver of a method value, a variable its literal captures or a
// package variable it names, or the receiver of a handler method.
func (a *analysis) rootCarries(c *mapclass.Class, r *root, owners []*types.TypeName, shared bool, limit int) bool {
	// inLoop reports whether v is made anew in each iteration of r's loop.
	inLoop := func(v types.Object) bool {
		return shared && r.loop != nil && v != nil && !isPackageVar(v) && r.loop.Pos() <= v.Pos() && v.Pos() < r.loop.End()
	}
	// builtShared reports whether v, made in the iteration and so each
	// goroutine's own, is built from a value made outside the loop that
	// reaches the owners: that part is every goroutine's.
	builtShared := func(info *types.Info, v *types.Var) bool {
		return a.builtAround(info, r.loop, v, owners, maxReach-limit)
	}
	carries := func(info *types.Info, v *types.Var, t types.Type) bool {
		if v != nil && inLoop(v) {
			return builtShared(info, v)
		}
		if shared && r.loop == nil && v != nil && r.spawner != nil && freshIn(r.spawner, v) {
			// One goroutine per call of the spawner, on a value that call
			// made: two instances never hold the same one.
			return false
		}
		if v != nil && a.classes != nil && a.classes.ClassOf(v) == c {
			return true
		}
		return a.reaches(t, owners, maxReach-limit)
	}
	if r.spawner != nil {
		info := r.spawner.file.Package.TypesInfo
		for _, e := range r.args {
			if shared && singleLoop(r) && ownElement(info, e, r.loop) {
				// &shards[i] with i the loop's own index: each
				// instance is handed an element of its own.
				continue
			}
			if base, _, ok := a.g.owner(info, e); ok && inLoop(base) {
				if v, isVar := base.(*types.Var); isVar && isIdentOf(info, e, v) && builtShared(info, v) {
					return true
				}
				continue
			}
			// The variable itself when the argument is one (go s.run()
			// hands s): what its function made is that call's own.
			// (A registration hands its one value to every request.)
			var v *types.Var
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && r.kind == rootGo {
				v, _ = info.Uses[id].(*types.Var)
			}
			if cl := a.classOf(info, e); cl == c || carries(info, v, info.TypeOf(e)) {
				return true
			}
		}
	}
	lits := []*funcNode{}
	for _, t := range r.targets {
		// A ServeHTTP method serves every request on its one receiver.
		if r.spawner == nil && t.obj != nil && t.obj.Signature().Recv() != nil && a.reaches(t.obj.Signature().Recv().Type(), owners, maxReach-limit) {
			return true
		}
		if _, ok := t.node.(*ast.FuncLit); ok {
			lits = append(lits, t)
		}
	}
	for _, t := range lits {
		lit := t.node.(*ast.FuncLit)
		info := t.file.Package.TypesInfo
		found := false
		inspect(lit.Body, func(n ast.Node, stack []ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || found {
				return !found
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || v.IsField() || (v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
				return true // a field, or declared inside the literal
			}
			if shared && r.loop != nil && len(stack) > 0 {
				// shards[i] with i made in the iteration: each
				// instance takes an element of its own.
				if ix, ok := stack[len(stack)-1].(*ast.IndexExpr); ok && ix.X == id && singleLoop(r) && loopIndex(info, ix.Index, r.loop) {
					return true
				}
			}
			found = carries(info, v, v.Type())
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// classOf returns the class of a map expression, or nil.
func (a *analysis) classOf(info *types.Info, e ast.Expr) *mapclass.Class {
	if a.classes == nil {
		return nil
	}
	return a.classes.ClassOfExpr(e)
}

// maxReach bounds how many struct fields a value may go through to reach
// an owner (elements of slices, maps and channels do not count: a
// collection of owners is a way to hand each of them over). A value that
// reaches everything through a chain of fields (a server's client holds
// the server, which holds every account...) witnesses nothing.
const maxReach = 1

// reaches reports whether a value of type t is, points to, or holds in its
// struct fields and elements (through pointers) a value of one of the
// owner types. An interface reaches an owner that implements it.
func (a *analysis) reaches(t types.Type, owners []*types.TypeName, depth int) bool {
	if t == nil || depth > maxReach || len(owners) == 0 {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		for _, o := range owners {
			if a.g.keys.of(n.Origin().Obj()) == a.g.keys.of(o) {
				return true
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for f := range u.Fields() {
			if a.reaches(f.Type(), owners, depth+1) {
				return true
			}
		}
	case *types.Slice:
		return a.reaches(u.Elem(), owners, depth)
	case *types.Array:
		return a.reaches(u.Elem(), owners, depth)
	case *types.Map:
		return a.reaches(u.Elem(), owners, depth)
	case *types.Chan:
		return a.reaches(u.Elem(), owners, depth)
	case *types.Interface:
		if u.NumMethods() == 0 {
			return false // any: no evidence of what it holds
		}
		for _, o := range owners {
			if types.Implements(o.Type(), u) || types.Implements(types.NewPointer(o.Type()), u) {
				return true
			}
		}
	}
	return false
}

// fieldOwners returns the named struct types that declare the field slots
// of c; nil when c has no field slot (its maps are package variables or
// locals, each one object).
func fieldOwners(c *mapclass.Class) []*types.TypeName {
	var out []*types.TypeName
	for _, s := range c.Slots {
		if s.Kind != mapclass.Field || s.Obj.Pkg() == nil {
			continue
		}
		n := len(out)
		out = appendOwners(out, s.Obj.Pkg().Scope(), s.Obj, false)
		if len(out) == n {
			// A type declared in a function (a test's table of cases)
			// lives in that function's scope.
			out = appendOwners(out, s.Obj.Pkg().Scope(), s.Obj, true)
		}
	}
	return out
}

// appendOwners appends the named types of scope (and, if deep, of the
// scopes nested in it) whose struct has the field f.
func appendOwners(out []*types.TypeName, scope *types.Scope, f *types.Var, deep bool) []*types.TypeName {
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok {
			continue
		}
		if _, ok := findField(tn.Type().Underlying(), f, 0); ok {
			out = append(out, tn)
		}
	}
	if deep {
		for i := range scope.NumChildren() {
			out = appendOwners(out, scope.Child(i), f, true)
		}
	}
	return out
}

// isMutexType reports whether t is sync.Mutex, sync.RWMutex or sync.Locker, or a
// pointer to one.
func isMutexType(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex" || n.Obj().Name() == "Locker"
}

// hasVarSlot reports whether a package variable is among c's slots.
func hasVarSlot(c *mapclass.Class) bool {
	for _, s := range c.Slots {
		if s.Kind == mapclass.Var {
			return true
		}
	}
	return false
}

// freshIn reports whether v is a local of fn's own body that only ever
// holds values fn allocates itself (&T{...}, T{...}, new(T)): each call
// of fn has its own.
func freshIn(fn *funcNode, v *types.Var) bool {
	if fn.body == nil || v.Pos() < fn.body.Pos() || v.Pos() >= fn.body.End() {
		return false
	}
	info := fn.file.Package.TypesInfo
	return onlyAssigned(fn, v, func(e ast.Expr) bool { return literalAlloc(info, e) }, false)
}

// literalAlloc reports whether e allocates by itself: a composite literal,
// its address, or new(T).
func literalAlloc(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		return isBuiltin(info, e, "new")
	}
	return false
}

// builtAround reports whether v, declared in loop, is defined by a
// composite literal (or its address), assigned nothing else in the loop,
// that holds a variable declared outside the loop whose value reaches
// the owners, and no other element that reaches them: every iteration's
// value leads to that one object, and to no object of its own
// (&worker{warm: warm, own: newCache()} leads to both, and stays each
// iteration's).
func (a *analysis) builtAround(info *types.Info, loop ast.Node, v *types.Var, owners []*types.TypeName, depth int) bool {
	shared := false
	for _, e := range builtFrom(info, loop, v) {
		if !a.reaches(info.TypeOf(e), owners, depth) {
			continue
		}
		id, ok := ast.Unparen(e).(*ast.Ident)
		u, isVar := info.Uses[id].(*types.Var)
		if !ok || !isVar || (loop.Pos() <= u.Pos() && u.Pos() < loop.End()) {
			return false // a part of its own
		}
		shared = true
	}
	return shared
}

// builtFrom returns the elements of the composite literal (or its
// address) that defines v, declared in loop, when nothing else is
// assigned to it in the loop.
func builtFrom(info *types.Info, loop ast.Node, v *types.Var) []ast.Expr {
	lit := literalOf(info, loop, v)
	if lit == nil {
		return nil
	}
	var out []ast.Expr
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		out = append(out, e)
	}
	return out
}

// literalOf returns the composite literal (or the literal whose address
// is taken) that defines v in scope, when scope assigns v nothing else.
func literalOf(info *types.Info, scope ast.Node, v *types.Var) *ast.CompositeLit {
	var lit *ast.CompositeLit
	others := false
	ast.Inspect(scope, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return !others
		}
		for i, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || info.ObjectOf(id) != v {
				continue
			}
			val := ast.Unparen(tupleValue(as.Lhs, as.Rhs, i))
			if u, ok := val.(*ast.UnaryExpr); ok && u.Op == token.AND {
				val = ast.Unparen(u.X)
			}
			if cl, ok := val.(*ast.CompositeLit); ok && lit == nil && info.Defs[id] == v {
				lit = cl
			} else {
				others = true
			}
		}
		return !others
	})
	if others {
		return nil
	}
	return lit
}

// fieldOf reports whether e is v.field.
func fieldOf(info *types.Info, e ast.Expr, v *types.Var, field types.Object) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || info.Uses[sel.Sel] != field {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// isIdentOf reports whether e is an identifier naming v.
func isIdentOf(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// instancesApart reports whether every instance of r holds its own
// object: r is multi only because its spawner runs on goroutines with many
// instances, each of those starts r once (one call path from what it runs
// to r's go statement, no loop on the way), and none of them is handed a
// value that reaches the owners and is not made anew for each.
func (a *analysis) instancesApart(c *mapclass.Class, owners []*types.TypeName, r *root) bool {
	if r.spawner == nil {
		return false
	}
	apart := false
	for _, x := range a.cx.of[r.spawner] {
		if x < 0 {
			continue
		}
		anc := a.g.roots[x]
		if anc == r || !anc.multi {
			continue
		}
		if !a.startsOncePer(r, x) || a.rootCarries(c, anc, owners, true, maxReach) {
			return false
		}
		apart = true
	}
	return apart && a.handedFresh(r, owners)
}

// handedFresh reports whether every value r's goroutine is handed that
// reaches the owners is made anew by each run of r's spawner: a local the
// spawner allocates, or, for the spawner's receiver or parameter, what
// its one caller allocates there (c.telemetryClient = newTelemetryClient(...);
// c.telemetryClient.run()). A value fetched from elsewhere (a registry, a
// field of a shared config) is not shown to be each instance's own.
func (a *analysis) handedFresh(r *root, owners []*types.TypeName) bool {
	sp := r.spawner
	info := sp.file.Package.TypesInfo
	vals, ok := a.handedVars(r, owners)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, e := range r.args {
		if _, isID := ast.Unparen(e).(*ast.Ident); !isID && a.reaches(info.TypeOf(e), owners, 0) {
			return false // c.rep: a field of what the spawner holds, not the variable
		}
	}
	for _, v := range vals {
		if a.g.freshPerCall(sp, v) {
			continue
		}
		// The spawner's receiver or parameter: what its one caller hands.
		k, isParam := paramIndex(sp, v)
		if !isParam || len(sp.callers) != 1 || sp.callers[0].call == nil || sp.callers[0].caller == nil {
			return false
		}
		cs := sp.callers[0]
		var arg ast.Expr
		switch {
		case k >= 0 && k < len(cs.call.Args):
			arg = cs.call.Args[k]
		case k < 0:
			if sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); ok {
				arg = sel.X
			}
		}
		if arg == nil || !a.g.freshExprIn(cs.caller, arg) {
			return false
		}
	}
	return true
}

// freshPerCall reports whether fn's local v only ever holds what fn
// allocates: a literal, new, or a call of a function that returns only
// what it allocates.
func (g *graph) freshPerCall(fn *funcNode, v *types.Var) bool {
	if freshIn(fn, v) {
		return true
	}
	if fn.body == nil || !contains(fn.body, v.Pos()) {
		return false
	}
	info := fn.file.Package.TypesInfo
	return onlyAssigned(fn, v, func(e ast.Expr) bool { return g.allocates(info, e) }, false)
}

// allocates reports whether evaluating e makes a new object: a composite
// literal (or its address), new, or a call of a function that returns
// only what it allocates.
func (g *graph) allocates(info *types.Info, e ast.Expr) bool {
	return g.allocatesDepth(info, e, 2)
}

// allocatesDepth is allocates, following up to depth constructors that
// return what another constructor made (t, err := newT(); return t, nil).
func (g *graph) allocatesDepth(info *types.Info, e ast.Expr, depth int) bool {
	if literalAlloc(info, e) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if g.allocator(info, e) != nil {
			return true
		}
		callee := g.onlyCallee(info, e)
		if depth == 0 || callee == nil || callee.body == nil {
			return false
		}
		cinfo := callee.file.Package.TypesInfo
		return returnsFresh(callee, func(c *ast.CallExpr) bool {
			return g.allocatesDepth(cinfo, c, depth-1)
		}, func(w *types.Var) bool {
			return contains(callee.body, w.Pos()) && onlyAssigned(callee, w, func(x ast.Expr) bool {
				return g.allocatesDepth(cinfo, x, depth-1)
			}, false)
		})
	}
	return false
}

// freshExprIn reports whether e, in fn, is a value fn makes anew on each
// call: a local fn allocates, or a field of one (c.f) that fn only ever
// assigns what it allocates.
func (g *graph) freshExprIn(fn *funcNode, e ast.Expr) bool {
	info := fn.file.Package.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		return ok && g.freshPerCall(fn, v)
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(e.X).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !(freshIn(fn, v) || definedByLiteral(fn, v)) {
			return false
		}
		field := info.Uses[e.Sel]
		sets, fresh := 0, true
		// c := &client{rep: newReporter()}: the literal sets the field.
		if lit := literalOf(info, fn.body, v); lit != nil {
			for _, el := range lit.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && info.Uses[k] == field {
						sets++
						fresh = fresh && g.allocates(info, kv.Value)
					}
				}
			}
		}
		ast.Inspect(fn.body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return fresh
			}
			for i, l := range as.Lhs {
				if !fieldOf(info, l, v, field) {
					continue
				}
				sets++
				val := tupleValue(as.Lhs, as.Rhs, i)
				if val == nil && len(as.Rhs) == 1 && i == 0 {
					val = as.Rhs[0] // x.f, err = newX(...)
				}
				if val == nil || !g.allocates(info, val) {
					fresh = false
				}
			}
			return fresh
		})
		return fresh && sets > 0
	}
	return false
}

// startsOncePer reports whether an instance of root x starts at most one
// instance of r: one call site in x at each step from r's go statement up
// to what x runs, none in a loop.
func (a *analysis) startsOncePer(r *root, x ctx) bool {
	anc := a.g.roots[x]
	fn, pos := r.spawner, r.pos
	for range 32 {
		if fn.loopAt(pos) != nil {
			return false
		}
		if slices.Contains(anc.targets, fn) {
			return true
		}
		var next *callSite
		for i, cs := range fn.callers {
			if cs.caller == nil || !containsCtx(a.cx.of[cs.caller], x) {
				continue
			}
			if next != nil {
				return false
			}
			next = &fn.callers[i]
		}
		if next == nil {
			return false
		}
		fn, pos = next.caller, next.pos
	}
	return false
}

// ownElement reports whether e is s[i] or &s[i] (a slice or array) with i
// an index only one iteration of loop has (loopIndex).
func ownElement(info *types.Info, e ast.Expr, loop ast.Node) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return false
	}
	switch info.TypeOf(ix.X).Underlying().(type) {
	case *types.Slice, *types.Array, *types.Pointer:
		return loopIndex(info, ix.Index, loop)
	}
	return false
}

// loopIndex reports whether e takes a different value in each iteration
// of loop: the loop's counter or range index, plus or minus a constant,
// with the counter not assigned in the body. shards[i%4] meets another
// iteration's element.
func loopIndex(info *types.Info, e ast.Expr, loop ast.Node) bool {
	e = ast.Unparen(e)
	if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.ADD || b.Op == token.SUB) {
		switch {
		case info.Types[b.Y].Value != nil:
			e = ast.Unparen(b.X)
		case info.Types[b.X].Value != nil && b.Op == token.ADD:
			e = ast.Unparen(b.Y)
		default:
			return false
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	var counter ast.Expr
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.RangeStmt:
		switch info.TypeOf(l.X).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Pointer, *types.Basic:
			counter = l.Key
		}
		body = l.Body
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok && len(as.Lhs) == 1 {
			counter = as.Lhs[0]
		}
		body = l.Body
	}
	cid, ok := counter.(*ast.Ident)
	if !ok || info.Defs[cid] != v {
		return false
	}
	assigned := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if lid, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[lid] == v {
					assigned = true
				}
			}
		case *ast.IncDecStmt:
			if lid, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[lid] == v {
				assigned = true
			}
		}
		return !assigned
	})
	return !assigned
}

// definedByLiteral reports whether fn's local v is defined by a composite
// literal (or its address) and assigned nothing else: each call makes its
// own, though its address may be handed out (c := ClientEx{...};
// newTelemetryClient(&c)).
func definedByLiteral(fn *funcNode, v *types.Var) bool {
	return fn.body != nil && contains(fn.body, v.Pos()) && literalOf(fn.file.Package.TypesInfo, fn.body, v) != nil
}

// singleLoop reports whether r's loop is the only loop of its spawner
// around the go statement: inside another loop, the same index values come
// back on each of its turns.
func singleLoop(r *root) bool {
	if r.loop == nil || r.spawner == nil {
		return false
	}
	for _, l := range r.spawner.loops {
		if l != r.loop && l.Pos() <= r.loop.Pos() && r.loop.End() <= l.End() {
			return false
		}
	}
	return true
}

// clonesMapCall reports whether call is maps.Clone(...), which returns a
// copy of its argument.
func clonesMapCall(info *types.Info, call *ast.CallExpr) bool {
	f := calleeFunc(info, call)
	return f != nil && f.Pkg() != nil && f.Pkg().Path() == "maps" && f.Name() == "Clone"
}
