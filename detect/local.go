package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Classes of locals. A class whose declarations are all locals, parameters
// and results holds a fresh map per call of the function that makes it;
// two goroutines see the same map only when a goroutine captures the
// variable in a literal or receives the map as an argument of the go
// statement. So instead of the contexts the functions run in, an access is
// placed relative to the map's owner: "outer" (the invocation that made or
// holds it) or the root of a goroutine it was handed to.

// localOnly reports whether every slot of c is a local, parameter or result.
func localOnly(c *mapclass.Class) bool {
	for _, s := range c.Slots {
		if s.Kind == mapclass.Var || s.Kind == mapclass.Field {
			return false
		}
	}
	return true
}

// relative computes the owner-relative contexts of local-only classes.
type relative struct {
	g      *graph
	params map[*types.Var][]ctx
	busy   map[*types.Var]bool
	busyFn map[*funcNode]bool
	class  *mapclass.Class
	// exprs holds the expressions of the class's uses, made on first
	// use: an argument not among them passes another class's map.
	exprs map[ast.Expr]bool
	// owner caches oneOwner.
	owner *bool
}

// passes reports whether the argument e of a call holds a map of the
// class. A call through an interface, or one mapclass did not join,
// passes some other map, and the parameter's accesses made for it are
// not this class's.
func (r *relative) passes(e ast.Expr) bool {
	if r.exprs == nil {
		r.exprs = make(map[ast.Expr]bool)
		for _, u := range r.class.Uses {
			r.exprs[ast.Unparen(u.Expr)] = true
		}
	}
	return r.exprs[ast.Unparen(e)]
}

// madeHere reports whether v is declared in fn's own body (not in a
// literal nested in it) and only ever holds maps made there.
func (r *relative) madeHere(fn *funcNode, v *types.Var) bool {
	return r.madeHereDepth(fn, v, 0)
}

func (r *relative) madeHereDepth(fn *funcNode, v *types.Var, depth int) bool {
	if fn.body == nil || !contains(fn.node, v.Pos()) || r.g.params[v] {
		return false
	}
	nested := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && contains(lit, v.Pos()) {
			nested = true // declared in a nested literal
		}
		return !nested
	})
	if nested {
		return false
	}
	info := fn.file.Package.TypesInfo
	return onlyAssigned(fn, v, func(e ast.Expr) bool {
		return isFresh(info, e) || r.freshCall(info, e, depth)
	}, false)
}

// freshCall reports whether e calls a loaded function each of whose
// returns hands back a map (or a pointer to one) that the call itself
// made: the caller's activation then holds a map nobody else has.
func (r *relative) freshCall(info *types.Info, e ast.Expr, depth int) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || depth > 2 {
		return false
	}
	fn := r.g.onlyCallee(info, call)
	if fn == nil {
		return false
	}
	finfo := fn.file.Package.TypesInfo
	return returnsFresh(fn,
		func(c *ast.CallExpr) bool { return isFresh(finfo, c) || r.freshCall(finfo, c, depth+1) },
		func(v *types.Var) bool { return r.madeHereDepth(fn, v, depth+1) })
}

// declaredIn reports whether a local of the class is declared in fn's
// own body, not in a literal nested in it, and every map of the class is
// made there too (a map received from a channel or a call was made by
// someone else, who may still hold it).
func (r *relative) declaredIn(fn *funcNode) bool {
	if r.class == nil {
		return false
	}
	made := false
	for _, u := range r.class.Uses {
		if u.Op != mapclass.Make {
			continue
		}
		if !contains(fn.node, u.Expr.Pos()) {
			return false
		}
		made = true
	}
	if !made {
		return false
	}
	for _, s := range r.class.Slots {
		p := s.Obj.Pos()
		if s.Kind != mapclass.Local || !contains(fn.node, p) {
			continue
		}
		nested := false
		ast.Inspect(fn.body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && contains(lit, p) {
				nested = true
			}
			return !nested
		})
		if !nested {
			return true
		}
	}
	return false
}

// contexts returns the owner-relative contexts of an expression of the
// class at pos in fn: the innermost goroutine literal around it, else the
// contexts of the parameter it names, else the owner.
func (r *relative) contexts(fn *funcNode, e ast.Expr) []ctx {
	var v *types.Var
	if fn != nil {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			v, _ = fn.file.Package.TypesInfo.Uses[id].(*types.Var)
		}
	}
	if fn != nil && r.freshCall(fn.file.Package.TypesInfo, e, 0) {
		// print(snapshot()): the map the call made and handed back is
		// this activation's own, as one in a local it made would be.
		return []ctx{outerCtx}
	}
	for n := fn; n != nil; n = n.parent {
		if v != nil && r.madeHere(n, v) {
			// The access's own variable holds a map this activation
			// made: whatever goroutine runs it, the map is its own.
			return []ctx{outerCtx}
		}
		if r.declaredIn(n) {
			// This function makes the map: every activation, on
			// whatever goroutine it runs, has its own, and what it does
			// with it happens in its owner.
			return []ctx{outerCtx}
		}
		if len(n.rootOf) > 0 && n.parent != nil {
			return rootCtxs(n.rootOf)
		}
		if r.g.isLocalFunc(n) && len(n.callers) > 0 && !r.busyFn[n] {
			// A local closure runs where it is called.
			r.busyFn[n] = true
			var out []ctx
			for _, cs := range n.callers {
				if cs.caller != nil && cs.call != nil {
					for _, x := range r.contexts(cs.caller, cs.call) {
						if !containsCtx(out, x) {
							out = append(out, x)
						}
					}
				}
			}
			delete(r.busyFn, n)
			return out
		}
		if n.parent == nil && v != nil {
			if ctxs, ok := r.param(n, v); ok {
				return ctxs
			}
		}
		if n.parent == nil && len(n.rootOf) > 0 {
			out := rootCtxs(n.rootOf)
			if len(n.callers) > 0 || n.entry {
				out = append(out, outerCtx)
			}
			return out
		}
	}
	return []ctx{outerCtx}
}

func rootCtxs(rs []*root) []ctx {
	out := make([]ctx, len(rs))
	for i, r := range rs {
		out[i] = ctx(r.id)
	}
	return out
}

// param returns the contexts of v when it is a parameter of fn: those of
// the arguments passed for it at every call site, and the roots that start
// fn with it.
func (r *relative) param(fn *funcNode, v *types.Var) ([]ctx, bool) {
	sig := fn.signature()
	if sig == nil {
		return nil, false
	}
	const recv = -1 // v is the receiver of a named map type's method
	idx := -2
	if sig.Recv() == v {
		idx = recv
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			idx = i
		}
	}
	if idx < recv || idx == recv && !r.oneOwner() {
		return nil, false
	}
	if c, ok := r.params[v]; ok {
		return c, true
	}
	if r.busy[v] {
		return []ctx{outerCtx}, true
	}
	r.busy[v] = true
	defer delete(r.busy, v)
	var out []ctx
	add := func(cs ...ctx) {
		for _, c := range cs {
			if !containsCtx(out, c) {
				out = append(out, c)
			}
		}
	}
	for _, cs := range fn.callers {
		arg := passedFor(cs, idx)
		if arg == nil {
			add(outerCtx)
			continue
		}
		if !r.passes(arg) {
			continue
		}
		add(r.contexts(cs.caller, arg)...)
	}
	for _, rt := range fn.rootOf {
		add(ctx(rt.id))
	}
	if len(out) == 0 || fn.entry {
		add(outerCtx)
	}
	r.params[v] = out
	return out, true
}

// oneOwner reports whether every local of the class is declared in one
// function. A named map type's methods join every value they are called
// on into one class; with locals of several functions (each test's own
// WatchSet) a method called on one goroutine may be on any of their
// maps, so its receiver is followed to its callers only when one
// function owns them all.
func (r *relative) oneOwner() bool {
	if r.owner != nil {
		return *r.owner
	}
	var decl ast.Node
	one := true
	for _, s := range r.class.Slots {
		if s.Kind != mapclass.Local {
			continue
		}
		d := declAround(s.File, s.Obj.Pos())
		if d == nil || decl != nil && d != decl {
			one = false
			break
		}
		decl = d
	}
	r.owner = &one
	return one
}

// declAround returns the top-level function declaration of f that holds
// pos, or nil.
func declAround(f *load.File, pos token.Pos) ast.Node {
	if f == nil {
		return nil
	}
	for _, d := range f.Syntax.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			return fd
		}
	}
	return nil
}

// passedFor returns the expression call site cs passes for parameter i
// of its callee, or for the receiver when i is -1 (leases.Sweep(now)
// hands Sweep the map leases holds); nil when the site shows none (a
// method value, a call not seen).
func passedFor(cs callSite, i int) ast.Expr {
	if cs.call == nil || cs.caller == nil {
		return nil
	}
	if i < 0 {
		if sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); ok {
			if s := cs.caller.file.Package.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				return sel.X
			}
		}
		return nil
	}
	if i >= len(cs.call.Args) {
		return nil
	}
	return cs.call.Args[i]
}

func containsCtx(cs []ctx, c ctx) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// signature returns the type of a function node.
func (fn *funcNode) signature() *types.Signature {
	if fn.obj != nil {
		return fn.obj.Signature()
	}
	if lit, ok := fn.node.(*ast.FuncLit); ok {
		sig, _ := fn.file.Package.TypesInfo.TypeOf(lit).(*types.Signature)
		return sig
	}
	return nil
}

// sharedAcrossInstances reports whether the instances of a root started in
// a loop share the map of a local-only class: some slot of the class is
// declared in the spawner outside the loop, so every iteration hands the
// same map to a new goroutine.
func sharedAcrossInstances(c *mapclass.Class, r *root) bool {
	if r.pooled && r.spawner != nil && r.lit != nil {
		// Every instance runs the one literal: what it captures from the
		// spawner is shared.
		sp := r.spawner.node
		for _, s := range c.Slots {
			p := s.Obj.Pos()
			if p >= sp.Pos() && p < sp.End() && (p < r.lit.Pos() || p >= r.lit.End()) {
				return true
			}
		}
		return false
	}
	if r.loop == nil || r.spawner == nil {
		return false
	}
	sp := r.spawner.node
	info := r.spawner.file.Package.TypesInfo
	for _, s := range c.Slots {
		p := s.Obj.Pos()
		if p < sp.Pos() || p >= sp.End() {
			continue
		}
		if p >= r.loop.Pos() {
			// Declared in the loop (each iteration's own), or after it,
			// where the goroutines started in it cannot see it.
			continue
		}
		if s.Elem && !handsOver(info, r, s.Obj) {
			// A slice of maps outside the loop holds one map an
			// iteration (found[i] = seen); a goroutine that is not
			// handed the slice itself gets only its own.
			continue
		}
		return true
	}
	return false
}

// closureStartsMany reports whether root r is started by a local closure
// that runs more than once (schedule := func(job string) {
// time.AfterFunc(d, func() { attempts[job]++ }) }, called in a loop),
// each run starting an instance, and the instances share a map of the
// class: the closure is made once, outside any loop of the function it
// is written in, and captures a slot of the class declared there.
func (g *graph) closureStartsMany(c *mapclass.Class, r *root) bool {
	sp := r.spawner
	if r.loop != nil || sp == nil || sp.parent == nil || !g.isLocalFunc(sp) || sp.parent.body == nil {
		return false
	}
	lit, ok := sp.node.(*ast.FuncLit)
	if !ok {
		return false
	}
	if sp.parent.loopAt(lit.Pos()) != nil {
		return false // a closure made anew each iteration captures that iteration's variables
	}
	captures := false
	for _, s := range c.Slots {
		if p := s.Obj.Pos(); contains(sp.parent.body, p) && !contains(lit, p) {
			captures = true
		}
	}
	if !captures {
		return false
	}
	runs := 0
	for _, cs := range sp.callers {
		if cs.call == nil || cs.caller == nil {
			return true // called through a value, as often as anyone likes
		}
		runs++
		if r.lit != nil && contains(r.lit, cs.pos) {
			runs++ // called again by the goroutine it starts
		}
		if cs.caller == sp.parent {
			if loop := sp.parent.loopAt(cs.pos); loop != nil && !sp.parent.waitBetween(cs.pos, loop.End()) {
				runs++ // every iteration starts one, none waits for it
			}
		}
	}
	return runs > 1
}

// handsOver reports whether root r's goroutine gets v itself: it captures
// v, or v is an argument of its go statement.
func handsOver(info *types.Info, r *root, v *types.Var) bool {
	if r.lit != nil && slices.Contains(captured(info, r.lit), types.Object(v)) {
		return true
	}
	for _, e := range r.args {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Uses[id] == v {
			return true
		}
	}
	return r.lit == nil && len(r.args) == 0 // nothing known of what it gets
}

// carriedBy returns, for a local-only class, whether a loop of a function
// keeps one map of the class across iterations: some slot of the class is
// a variable of that function declared outside the loop. Other classes
// are always carried.
func carriedBy(c *mapclass.Class, local bool) func(x *funcNode, loop ast.Node) bool {
	if !local {
		return nil
	}
	return func(x *funcNode, loop ast.Node) bool {
		for _, s := range c.Slots {
			p := s.Obj.Pos()
			if contains(x.node, p) && !contains(loop, p) {
				return true
			}
		}
		return false
	}
}
