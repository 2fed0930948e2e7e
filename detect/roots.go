package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// rootKind says how a root starts its goroutines.
type rootKind int

const (
	rootGo       rootKind = iota // go statement
	rootGroup                    // errgroup.Group.Go/TryGo, sync.WaitGroup.Go
	rootCallback                 // time.AfterFunc, context.AfterFunc
	rootHTTP                     // per-request server callback: http handler, ServeHTTP method, gRPC service
	rootSubtest                  // t.Run of a subtest that calls t.Parallel
)

// A root is a place that starts code on another goroutine.
type root struct {
	id      int
	kind    rootKind
	pos     token.Pos   // the go statement, the registering call, or the ServeHTTP method
	spawner *funcNode   // the function holding pos; nil for ServeHTTP methods
	targets []*funcNode // the functions the new goroutine runs
	call    *ast.CallExpr
	lit     *ast.FuncLit // the target when it is a literal
	// args are the expressions evaluated in the spawner and handed to the
	// goroutine: call arguments and the receiver of a method value.
	args []ast.Expr
	// loop is the innermost for or range statement of the spawner that
	// encloses pos, or nil.
	loop ast.Node
	// multi is set when several instances of the root may run at once.
	multi bool
	// inherited is set when multi comes only from the spawner running in
	// a multi root: whether two spawners each start an instance depends on
	// state mapfix does not follow (a claimed flag, a CompareAndSwap), so
	// two instances are not witnessed.
	inherited bool
	// guarded is set when the spawner starts the goroutine only on the
	// run that claims some state first (guardedStart).
	guarded bool
	// joined is set when every iteration of loop waits for the goroutine
	// it started before the next one starts (a wait after the go
	// statement in the loop's body): the instances never overlap, and
	// what follows the loop runs after all of them.
	joined bool
	// pooled is set for a function value handed to code that runs it on
	// many goroutines (funcvalues.go): every instance shares what the
	// value captured.
	pooled bool
	// dispatch is set when the targets are every loaded implementation of
	// an interface method: the goroutine may run none of them.
	dispatch bool
}

// likely reports whether conflicts that involve r are only likely: the
// goroutine exists only if the callback or handler is actually invoked.
func (r *root) likely() bool { return r.kind == rootCallback || r.kind == rootHTTP }

// startedInTest reports whether a test file's code starts r.
func (r *root) startedInTest() bool { return r.spawner != nil && r.spawner.inTestFile() }

// newRoot registers a root started at pos in spawner.
func (g *graph) newRoot(kind rootKind, pos token.Pos, spawner *funcNode, stack []ast.Node, targets ...*funcNode) *root {
	r := &root{id: len(g.roots), kind: kind, pos: pos, spawner: spawner}
	for _, t := range targets {
		if t != nil {
			r.targets = append(r.targets, t)
			t.rootOf = append(t.rootOf, r)
		}
	}
	r.loop = innermostLoop(stack)
	if r.loop != nil && leavesLoopAfter(stack, pos) {
		r.loop = nil // the iteration that starts it leaves the loop
	}
	if spawner != nil && kind == rootGo {
		r.guarded = g.guardedStart(spawner.file.Package.TypesInfo, stack, pos)
	}
	r.multi = r.loop != nil || kind == rootHTTP
	g.roots = append(g.roots, r)
	return r
}

// innermostLoop returns the innermost for or range statement on stack that
// is not outside the innermost function.
func innermostLoop(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		case *ast.FuncDecl, *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// guardedStart reports whether the go statement at pos, inside the
// innermost function of stack, is started only by the run that claims
// some state first: it sits in the branch of an if whose condition
// claims (claims), or follows, in an enclosing block, an if that claims
// and returns (if !running.CompareAndSwap(false, true) { return }).
func (g *graph) guardedStart(info *types.Info, stack []ast.Node, pos token.Pos) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if contains(n.Body, pos) && g.claims(info, n.Cond, n.Body, pos) {
				return true
			}
		case *ast.BlockStmt:
			for j, st := range n.List {
				if st.End() > pos {
					break
				}
				if ifs, ok := st.(*ast.IfStmt); ok && mayReturn(ifs.Body) && g.claims(info, ifs.Cond, &ast.BlockStmt{List: n.List[j+1:]}, pos) {
					return true
				}
			}
		}
	}
	return false
}

// claims reports whether cond claims state for the code in body before
// pos: it calls CompareAndSwap, TryLock or Swap, or a loaded function
// whose body does (s.fetchState.maybeBegin()), or it reads a flag that
// body sets before pos (if !g.managing { g.managing = true; go ... }).
func (g *graph) claims(info *types.Info, cond ast.Expr, body ast.Node, pos token.Pos) bool {
	claimCall := func(call *ast.CallExpr) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		name := sel.Sel.Name
		return strings.HasPrefix(name, "CompareAndSwap") || name == "TryLock" || name == "TryRLock" || name == "Swap"
	}
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if claimCall(call) {
			found = true
			return false
		}
		if callees, dispatch := g.callees(info, call); !dispatch && len(callees) == 1 && callees[0].body != nil {
			ast.Inspect(callees[0].body, func(m ast.Node) bool {
				if c, ok := m.(*ast.CallExpr); ok && claimCall(c) {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	if found {
		return true
	}
	// A flag the condition reads and the body sets before the go.
	flags := make(map[types.Object]bool)
	ast.Inspect(cond, func(n ast.Node) bool {
		var id *ast.Ident
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id = n.Sel
		case *ast.Ident:
			id = n
		}
		if id != nil {
			if v, ok := info.Uses[id].(*types.Var); ok && isBool(v.Type()) {
				flags[v] = true
			}
		}
		return true
	})
	if len(flags) == 0 {
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || as.Pos() >= pos {
			return !found
		}
		for _, l := range as.Lhs {
			var id *ast.Ident
			switch l := ast.Unparen(l).(type) {
			case *ast.SelectorExpr:
				id = l.Sel
			case *ast.Ident:
				id = l
			}
			if id != nil && flags[info.Uses[id]] {
				found = true
			}
		}
		return !found
	})
	return found
}

// isBool reports whether t is a boolean type.
func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// leavesLoopAfter reports whether the statement right after the one at
// pos, in the block that holds it, is a return or a break out of the
// loop: the loop starts at most one goroutine there per run.
func leavesLoopAfter(stack []ast.Node, pos token.Pos) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.BlockStmt:
			for _, st := range n.List {
				if st.Pos() <= pos {
					continue
				}
				// Only the statement right after the go statement.
				switch st := st.(type) {
				case *ast.ReturnStmt:
					return true
				case *ast.BranchStmt:
					return st.Tok == token.BREAK && st.Label == nil && innermostBreakable(stack[:i]) == innermostLoop(stack)
				}
				return false
			}
			return false
		}
	}
	return false
}

// innermostBreakable returns the innermost statement on stack that an
// unlabelled break leaves.
func innermostBreakable(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return n
		case *ast.FuncDecl, *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// goRoot records a go statement.
func (g *graph) goRoot(info *types.Info, s *ast.GoStmt, spawner *funcNode, stack []ast.Node) {
	var targets []*funcNode
	fun := ast.Unparen(s.Call.Fun)
	targets, dispatch := g.callees(info, s.Call)
	r := g.newRoot(rootGo, s.Pos(), spawner, stack, targets...)
	r.dispatch = dispatch
	r.call = s.Call
	r.lit, _ = fun.(*ast.FuncLit)
	r.args = append(r.args, s.Call.Args...)
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if sl := info.Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
			r.args = append(r.args, sel.X)
		}
	}
}

// registration describes a library call that runs one of its arguments on
// another goroutine.
type registration struct {
	kind rootKind
	arg  int // index of the function argument
}

// registrations are keyed by "pkgpath.Func" or "pkgpath.Type.Method".
var registrations = map[string]registration{
	"golang.org/x/sync/errgroup.Group.Go":    {rootGroup, 0},
	"golang.org/x/sync/errgroup.Group.TryGo": {rootGroup, 0},
	"sync.WaitGroup.Go":                      {rootGroup, 0},
	"time.AfterFunc":                         {rootCallback, 1},
	"context.AfterFunc":                      {rootCallback, 1},
	"net/http.HandleFunc":                    {rootHTTP, 1},
	"net/http.Handle":                        {rootHTTP, 1},
	"net/http.ServeMux.HandleFunc":           {rootHTTP, 1},
	"net/http.ServeMux.Handle":               {rootHTTP, 1},
	"testing.T.Run":                          {rootSubtest, 1},
}

// calleeName returns the registration key of a called function.
func calleeName(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	name := fn.Pkg().Path() + "."
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			name += n.Obj().Name() + "."
		}
	}
	return name + fn.Name()
}

// registrationRoot records a call that starts a goroutine or registers a
// callback; it reports whether call was one.
func (g *graph) registrationRoot(info *types.Info, call *ast.CallExpr, spawner *funcNode, stack []ast.Node, handled map[ast.Node]bool) bool {
	fn := typeutil.Callee(info, call)
	f, _ := fn.(*types.Func)
	if iface := grpcRegistration(f); iface != nil && len(call.Args) == 2 {
		return g.grpcRoot(info, call, iface, spawner, stack, handled)
	}
	reg, ok := registrations[calleeName(f)]
	if tv, isConv := info.Types[call.Fun]; isConv && tv.IsType() && len(call.Args) == 1 &&
		types.TypeString(tv.Type, nil) == "net/http.HandlerFunc" {
		// http.HandlerFunc(f) makes f a handler: whoever serves it runs
		// it on a goroutine per request.
		reg, ok = registration{rootHTTP, 0}, true
	}
	if !ok || reg.arg >= len(call.Args) {
		return false
	}
	arg := ast.Unparen(call.Args[reg.arg])
	var targets []*funcNode
	if t := g.funcValue(info, arg); t != nil {
		targets = append(targets, t)
	} else if reg.kind == rootHTTP {
		// http.Handle(pattern, h): h's ServeHTTP methods are roots of
		// their own (serveHTTPRoots); nothing more to add here.
		return false
	}
	if reg.kind == rootSubtest {
		lit, _ := arg.(*ast.FuncLit)
		if lit == nil || !callsParallel(info, lit.Body) {
			return false // a sequential subtest: an ordinary call
		}
	}
	r := g.newRoot(reg.kind, call.Pos(), spawner, stack, targets...)
	r.call = call
	r.lit, _ = arg.(*ast.FuncLit)
	if sel, ok := arg.(*ast.SelectorExpr); ok {
		if sl := info.Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
			r.args = append(r.args, sel.X)
		}
	}
	handled[arg] = true
	return true
}

// grpcRegistration recognises the Register<Name>Server functions that
// protoc-gen-go-grpc generates, by shape rather than by package (the
// generated package is the user's): a function of two parameters whose
// first is a ServiceRegistrar or *Server of a package whose path ends in
// "grpc" (google.golang.org/grpc) and whose second is an interface. It
// returns that interface, or nil.
func grpcRegistration(fn *types.Func) *types.Interface {
	if fn == nil || fn.Signature().Recv() != nil {
		return nil
	}
	name := fn.Name()
	if len(name) <= len("RegisterServer") || !strings.HasPrefix(name, "Register") || !strings.HasSuffix(name, "Server") {
		return nil
	}
	params := fn.Signature().Params()
	if params.Len() != 2 {
		return nil
	}
	t := types.Unalias(params.At(0).Type())
	want := "ServiceRegistrar"
	if p, ok := t.(*types.Pointer); ok {
		t, want = types.Unalias(p.Elem()), "Server"
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != want {
		return nil
	}
	if path := n.Obj().Pkg().Path(); path != "grpc" && !strings.HasSuffix(path, "/grpc") {
		return nil
	}
	iface, _ := params.At(1).Type().Underlying().(*types.Interface)
	return iface
}

// grpcRoot records a gRPC service registration: the server runs every
// request on a goroutine of its own, so each method of the service
// interface, on the dynamic type registered, is a root. When the argument
// is itself of an interface type, every loaded implementation counts.
func (g *graph) grpcRoot(info *types.Info, call *ast.CallExpr, iface *types.Interface, spawner *funcNode, stack []ast.Node, handled map[ast.Node]bool) bool {
	arg := call.Args[1]
	t := info.TypeOf(arg)
	if t == nil {
		return false
	}
	var targets []*funcNode
	seen := make(map[*funcNode]bool)
	add := func(fn *funcNode) {
		if fn != nil && !seen[fn] {
			seen[fn] = true
			targets = append(targets, fn)
		}
	}
	argIface, _ := t.Underlying().(*types.Interface)
	dispatch := false
	for m := range iface.Methods() {
		if argIface != nil {
			impls := g.implementations(argIface, m.Name())
			dispatch = dispatch || len(impls) != 1
			for _, fn := range impls {
				add(fn)
			}
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok {
			add(g.declared(fn))
		}
	}
	if len(targets) == 0 {
		return false // no method body is loaded: nothing runs here
	}
	r := g.newRoot(rootHTTP, call.Pos(), spawner, stack, targets...)
	r.call = call
	r.args = append(r.args, arg)
	r.dispatch = dispatch
	handled[call] = true
	return true
}

// callsParallel reports whether a subtest body calls t.Parallel.
func callsParallel(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && calleeName(fn) == "testing.T.Parallel" {
				found = true
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !found && !lit
	})
	return found
}

// serveHTTPRoots makes every ServeHTTP method a root: the server runs each
// request on its own goroutine.
func (g *graph) serveHTTPRoots() {
	for _, fn := range g.methods["ServeHTTP"] {
		if fn.obj == nil || fn.obj.Signature().Params().Len() != 2 {
			continue
		}
		if !isHTTPHandlerSig(fn.obj.Signature()) {
			continue
		}
		g.newRoot(rootHTTP, fn.obj.Pos(), nil, nil, fn)
	}
}

func isHTTPHandlerSig(sig *types.Signature) bool {
	p := sig.Params()
	return types.TypeString(p.At(0).Type(), nil) == "net/http.ResponseWriter" &&
		types.TypeString(p.At(1).Type(), nil) == "*net/http.Request"
}

// Contexts. A function runs in any subset of: the outer context (code
// reachable from an entry point without crossing a root), the init
// context, and the roots whose targets reach it.

// ctx is a context: outerCtx, initCtx, or a root id (>= 0).
type ctx int

const (
	outerCtx ctx = -1
	initCtx  ctx = -2
)

// contexts holds the contexts of every function.
type contexts struct {
	of map[*funcNode][]ctx
	// strict holds, of each function's contexts, those that reach it by
	// calls that really run: no interface dispatch on the way, and a root
	// whose target is known. Only these may witness a certain finding.
	strict map[*funcNode]map[ctx]bool
}

// strictly reports whether fn runs in x by calls that really happen.
func (c *contexts) strictly(fn *funcNode, x ctx) bool {
	return c.strict[fn][x]
}

// computeContexts propagates contexts along synchronous edges.
func (g *graph) computeContexts() *contexts {
	for _, r := range g.roots {
		if r.loop != nil && r.spawner != nil && r.spawner.joinsIteration(r.loop, r.pos) {
			r.joined, r.multi = true, false
		}
	}
	c := &contexts{of: make(map[*funcNode][]ctx), strict: make(map[*funcNode]map[ctx]bool)}
	has := make(map[*funcNode]map[ctx]bool)
	spreadStrict := func(start *funcNode, x ctx) {
		work := []*funcNode{start}
		for len(work) > 0 {
			fn := work[len(work)-1]
			work = work[:len(work)-1]
			if c.strict[fn] == nil {
				c.strict[fn] = make(map[ctx]bool)
			}
			if c.strict[fn][x] {
				continue
			}
			c.strict[fn][x] = true
			work = append(work, fn.staticCalls...)
		}
	}
	spreadAll := func(start *funcNode, x ctx) {
		work := []*funcNode{start}
		for len(work) > 0 {
			fn := work[len(work)-1]
			work = work[:len(work)-1]
			if has[fn] == nil {
				has[fn] = make(map[ctx]bool)
			}
			if has[fn][x] {
				continue
			}
			has[fn][x] = true
			c.of[fn] = append(c.of[fn], x)
			work = append(work, fn.calls...)
		}
	}
	spread := func(start *funcNode, x ctx, strict bool) {
		spreadAll(start, x)
		if strict {
			spreadStrict(start, x)
		}
	}
	for _, fn := range g.funcs {
		switch {
		case fn.isInit:
			spread(fn, initCtx, true)
		case fn.entry:
			spread(fn, outerCtx, true)
		}
		for _, cs := range fn.callers {
			if cs.caller == nil {
				spread(fn, initCtx, true) // called by a package-level initialiser
			}
		}
	}
	for _, r := range g.roots {
		for _, t := range r.targets {
			spread(t, ctx(r.id), !r.dispatch)
		}
	}
	// A root whose spawner may itself run several times at once (it runs
	// in a multi root) has many instances too.
	for changed := true; changed; {
		changed = false
		for _, r := range g.roots {
			if r.multi || r.joined || r.spawner == nil {
				continue
			}
			for _, x := range c.of[r.spawner] {
				if x >= 0 && g.roots[x].multi {
					r.multi, r.inherited = true, true
					changed = true
					break
				}
			}
		}
	}
	return c
}
