package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/types/typeutil"
)

// Summaries. A driver that analyses one package at a time (go vet, gopls,
// nogo) loads the packages a package imports from export data: a call into
// one of them has no body for the call graph to follow. Summarize computes,
// for every function declared in the loaded code, what it does to the maps
// reachable from its parameters and receiver; the driver stores that with
// the package (as a go/analysis fact) and hands it back through
// Options.Summaries when it analyses an importer. Run then counts a call of
// a summarised function as the callee's accesses of the argument's map, at
// the argument's position: synchronous ones in the caller's goroutine, with
// the caller's locks, and those the callee starts goroutines for on a new
// goroutine started at the call.
//
// What a summary carries:
//   - reads (m[k], len, fmt/json printing), writes (assignment, delete,
//     clear, ++) and ranges of a map parameter, or of a map field reached
//     from a parameter or the receiver through struct fields (s.m, s.in.m);
//   - only accesses made with no lock held in the callee, since a lock
//     cannot be identified across packages (a lock of the callee that
//     guards the map is taken to protect it);
//   - whether the access runs on a goroutine the callee starts and does not
//     wait for before it returns (Async), and whether several such
//     goroutines may run at once (Multi, started in a loop);
//   - the same, transitively, for the callee's own calls, in its package
//     and, through their summaries, in others.
//
// What it does not carry: maps the callee stores (in a package variable, a
// field, a channel) and accesses later, from a later call or a goroutine it
// already runs; maps it returns; accesses through a local copy of the
// parameter (mm := m); package-level maps of the callee's own package (a
// finding on those belongs to that package, whose analysis does not see
// its importers' goroutines); calls through interfaces and function
// values, which have no static callee.

// A Summary says what a function does, with no lock held, to the maps
// reachable from its parameters and receiver.
type Summary struct {
	Effects []Effect
}

// An Effect is one kind of access of one map reachable from a parameter.
type Effect struct {
	// Param is the index of the parameter in the signature, or -1 for the
	// receiver.
	Param int
	// Name is the parameter's name, for messages.
	Name string
	// Fields are the struct fields selected from the parameter to reach
	// the map, embedded ones included; empty when the parameter is the map.
	Fields []string
	// Op is "read", "write", "delete", "clear", "range", "len" or "print".
	Op string
	// Async is set when the access runs on a goroutine the function starts
	// and does not wait for before returning.
	Async bool
	// Multi is set when several of those goroutines may run at once.
	Multi bool
}

func (e Effect) String() string {
	target := e.Name
	if target == "" || target == "_" {
		target = fmt.Sprintf("#%d", e.Param)
		if e.Param < 0 {
			target = "recv"
		}
	}
	for _, f := range e.Fields {
		target += "." + f
	}
	s := e.Op + " " + target
	switch {
	case e.Multi:
		s += " in goroutines"
	case e.Async:
		s += " in a goroutine"
	}
	return s
}

func (s *Summary) String() string {
	parts := make([]string, len(s.Effects))
	for i, e := range s.Effects {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

// maxFields bounds the field path of an effect, so that recursive types
// cannot grow it without end.
const maxFields = 4

// parseOp returns the access operation an effect names.
func parseOp(s string) (mapclass.Op, bool) {
	for op := mapclass.Read; op.IsAccess(); op++ {
		if op.String() == s {
			return op, true
		}
	}
	return 0, false
}

// extCall is a call, in the loaded code, of a function known only by its
// summary.
type extCall struct {
	call   *ast.CallExpr
	callee *types.Func
	sum    *Summary
	fn     *funcNode // the caller; nil in a package-level initialiser
	file   *load.File
	stack  []ast.Node
	// goRoot is the root of `go callee(...)`: every effect runs there.
	goRoot *root
	// async is the root standing for the goroutines the callee starts,
	// when an effect is Async; target is its stand-in function.
	async  *root
	target *funcNode
}

// externalCalls finds the calls of summarised functions that are not
// loaded from source, and adds a root at each call whose callee starts
// goroutines. It must run before computeContexts.
func (g *graph) externalCalls(summaries func(*types.Func) *Summary) []*extCall {
	if summaries == nil {
		return nil
	}
	cache := make(map[*types.Func]*Summary)
	lookup := func(fn *types.Func) *Summary {
		fn = fn.Origin()
		s, ok := cache[fn]
		if !ok {
			s = summaries(fn)
			cache[fn] = s
		}
		return s
	}
	goRoots := g.goRoots()
	var out []*extCall
	for _, f := range g.prog.Files() {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := typeutil.StaticCallee(info, call)
			if callee == nil || g.declared(callee) != nil {
				return true // not a static call, or its body is loaded
			}
			sum := lookup(callee)
			if sum == nil || len(sum.Effects) == 0 {
				return true
			}
			x := &extCall{call: call, callee: callee, sum: sum, file: f, stack: append([]ast.Node(nil), stack...), goRoot: goRoots[call]}
			x.fn = g.enclosing(stack)
			// A callee that starts several goroutines on its argument acts
			// like a go statement in a loop around the call: its root has
			// many instances, and the call stands for the loop (see
			// sharedAcrossInstances).
			if x.goRoot != nil {
				for _, e := range sum.Effects {
					if e.Multi && !x.goRoot.multi {
						x.goRoot.multi = true
						if x.goRoot.loop == nil {
							x.goRoot.loop = call
						}
					}
				}
			} else {
				for _, e := range sum.Effects {
					if !e.Async {
						continue
					}
					if x.async == nil {
						x.async = g.newRoot(rootGo, call.Pos(), x.fn, stack)
						x.async.call = call
						x.target = &funcNode{node: call, file: f, name: calleeText(callee), rootOf: []*root{x.async}}
					}
					if e.Multi {
						x.async.multi = true
						if x.async.loop == nil {
							x.async.loop = call
						}
					}
				}
			}
			out = append(out, x)
			return true
		})
	}
	return out
}

// goRoots maps the call of each go statement to its root. Taken before
// externalCalls adds its roots, which stand for goroutines started inside
// a callee, not for the call itself.
func (g *graph) goRoots() map[*ast.CallExpr]*root {
	out := make(map[*ast.CallExpr]*root)
	for _, r := range g.roots {
		if r.kind == rootGo && r.call != nil {
			out[r.call] = r
		}
	}
	return out
}

// enclosing returns the function of the innermost declaration or literal
// on stack, or nil at package level.
func (g *graph) enclosing(stack []ast.Node) *funcNode {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return g.byAST[n]
		}
	}
	return nil
}

// calleeText names a function for evidence: "pkg.F" or "pkg.T.M".
func calleeText(fn *types.Func) string {
	s := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		s = typeName(recv.Type()) + "." + s
	}
	if fn.Pkg() != nil {
		s = fn.Pkg().Name() + "." + s
	}
	return s
}

// extAccess is an access made by a summarised callee, as seen at its call.
type extAccess struct {
	use *mapclass.Use
	fn  *funcNode // the caller, or the stand-in of the callee's goroutine
	// root is the goroutine the access runs on when it does not run in
	// the caller's.
	root *root
	via  string
}

// externalAccesses attaches the effects of the summarised calls to the
// classes of the maps they reach.
func externalAccesses(calls []*extCall, classes *mapclass.Set) map[*mapclass.Class][]*extAccess {
	if len(calls) == 0 {
		return nil
	}
	out := make(map[*mapclass.Class][]*extAccess)
	type key struct {
		c    *mapclass.Class
		expr ast.Expr
		op   mapclass.Op
		root *root
	}
	seen := make(map[key]bool)
	for _, x := range calls {
		info := x.file.Package.TypesInfo
		for _, e := range x.sum.Effects {
			op, ok := parseOp(e.Op)
			if !ok {
				continue
			}
			expr, c := effectTarget(info, classes, x.call, x.callee, e)
			if c == nil {
				continue
			}
			ea := &extAccess{fn: x.fn, via: calleeText(x.callee)}
			switch {
			case x.goRoot != nil:
				ea.root = x.goRoot
				ea.fn = &funcNode{node: x.call, file: x.file, name: ea.via, rootOf: []*root{x.goRoot}}
			case e.Async:
				ea.root, ea.fn = x.async, x.target
			}
			k := key{c, expr, op, ea.root}
			if seen[k] {
				continue
			}
			seen[k] = true
			ea.use = &mapclass.Use{Op: op, Expr: expr, Node: x.call, Stack: x.stack, File: x.file}
			out[c] = append(out[c], ea)
		}
	}
	return out
}

// effectTarget returns the expression at a call that an effect's map is
// reached from (the argument or the receiver), and the map's class.
func effectTarget(info *types.Info, classes *mapclass.Set, call *ast.CallExpr, callee *types.Func, e Effect) (ast.Expr, *mapclass.Class) {
	arg, implicit, ok := argFor(info, call, callee, e.Param)
	if !ok {
		return nil, nil
	}
	var names []string
	for _, f := range implicit {
		names = append(names, f.Name())
	}
	names = append(names, e.Fields...)
	if len(names) == 0 {
		return arg, classes.ClassOfExpr(arg)
	}
	t := info.TypeOf(arg)
	var field *types.Var
	for _, n := range names {
		field = fieldNamed(t, n)
		if field == nil {
			return nil, nil
		}
		t = field.Type()
	}
	return arg, classes.ClassOf(field)
}

// fieldNamed returns the field called name of a struct or pointer to
// struct type, or nil.
func fieldNamed(t types.Type, name string) *types.Var {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for f := range st.Fields() {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

// argFor returns the expression a call passes for a parameter (-1: the
// receiver), with the embedded fields a promoted method's receiver is
// reached through.
func argFor(info *types.Info, call *ast.CallExpr, callee *types.Func, param int) (ast.Expr, []*types.Var, bool) {
	var sel *types.Selection
	var selX ast.Expr
	if s, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		sel, selX = info.Selections[s], s.X
	}
	shift := 0
	if sel != nil && sel.Kind() == types.MethodExpr {
		shift = 1 // T.M(recv, args...)
	}
	if param < 0 {
		if sel == nil || len(sel.Index()) == 0 {
			return nil, nil, false
		}
		implicit := implicitFields(sel.Recv(), sel.Index()[:len(sel.Index())-1])
		switch sel.Kind() {
		case types.MethodVal:
			return ast.Unparen(selX), implicit, true
		case types.MethodExpr:
			if len(call.Args) > 0 {
				return ast.Unparen(call.Args[0]), implicit, true
			}
		}
		return nil, nil, false
	}
	sig := callee.Signature()
	n := sig.Params().Len()
	if param >= n || (sig.Variadic() && param == n-1) || len(call.Args) != n+shift {
		return nil, nil, false
	}
	return ast.Unparen(call.Args[param+shift]), nil, true
}

// summaryAccesses returns the accesses of class c made by summarised
// callees, placed like the accesses of class.
func (a *analysis) summaryAccesses(c *mapclass.Class, local bool, rel *relative) []*access {
	var out []*access
	for _, x := range a.ext[c] {
		ac := &access{use: x.use, fn: x.fn, write: x.use.Op.IsWrite(), via: x.via}
		switch {
		case x.root != nil:
			// The callee's goroutine makes it, started right here.
			ac.ctxs, ac.spawned = []ctx{ctx(x.root.id)}, true
		case x.fn == nil:
			ac.ctxs = []ctx{initCtx}
		case local:
			ac.ctxs = rel.contexts(x.fn, x.use.Expr)
		default:
			ac.ctxs = a.cx.of[x.fn]
		}
		if x.root == nil {
			ac.held = a.locks.heldAt(x.fn, x.use.Expr.Pos())
		}
		ac.keys = a.g.accessKeys(x.use.File.Package.TypesInfo, x.use.Expr, ac.held, ac.write)
		out = append(out, ac)
	}
	return out
}

// Summarize computes the summaries of the functions and methods declared
// in prog that access, or start goroutines that access, a map reachable
// from their parameters or receiver with no lock held. Calls of functions
// that opts.Summaries knows are followed, so summaries compose across
// packages analysed one at a time.
func Summarize(prog *load.Program, classes *mapclass.Set, opts Options) map[*types.Func]*Summary {
	g := buildGraph(prog)
	goRoots := g.goRoots()
	calls := g.externalCalls(opts.Summaries)
	g.scanBodies()
	s := &summarizer{g: g, locks: g.computeLocks(), effects: make(map[*funcNode]map[string]Effect)}
	s.direct(classes)
	s.collectCalls(calls, goRoots)
	// Propagate through calls until nothing changes; field paths are
	// bounded, so this ends, and the bound on rounds keeps deep recursive
	// helpers cheap.
	for round := 0; round < 16; round++ {
		if !s.propagate() {
			break
		}
	}
	out := make(map[*types.Func]*Summary)
	for fn, effs := range s.effects {
		if fn.obj == nil || len(effs) == 0 {
			continue
		}
		sum := &Summary{}
		for _, e := range effs {
			sum.Effects = append(sum.Effects, e)
		}
		sort.Slice(sum.Effects, func(i, j int) bool { return effectKey(sum.Effects[i]) < effectKey(sum.Effects[j]) })
		out[fn.obj] = sum
	}
	return out
}

type summarizer struct {
	g       *graph
	locks   *lockInfo
	effects map[*funcNode]map[string]Effect // by declaration, by effectKey
	calls   []sumCall
}

// sumCall is a call site whose callee has, or may get, a summary.
type sumCall struct {
	fn     *funcNode // the caller (a declaration or a literal)
	call   *ast.CallExpr
	callee *types.Func
	local  *funcNode // the callee when it is loaded
	ext    *Summary  // the callee's summary when it is not
	goRoot *root     // set for `go callee(...)`
}

func effectKey(e Effect) string {
	return fmt.Sprintf("%03d/%s/%s/%t/%t", e.Param+1, strings.Join(e.Fields, "."), e.Op, e.Async, e.Multi)
}

// add records an effect of decl; it reports whether it is new.
func (s *summarizer) add(decl *funcNode, e Effect) bool {
	if len(e.Fields) > maxFields {
		return false
	}
	if !e.Async {
		e.Multi = false // only goroutines the caller does not wait for count
	}
	m := s.effects[decl]
	if m == nil {
		m = make(map[string]Effect)
		s.effects[decl] = m
	}
	k := effectKey(e)
	if _, ok := m[k]; ok {
		return false
	}
	m[k] = e
	return true
}

// declOf returns the declaration a function node is written in.
func declOf(fn *funcNode) *funcNode {
	for fn.parent != nil {
		fn = fn.parent
	}
	return fn
}

// paramRef reports whether e, in fn, is a parameter or the receiver of
// the declaration fn is written in, or a field path from one; it returns
// the declaration, the parameter's index (-1: receiver) and name, and the
// field names.
func paramRef(fn *funcNode, e ast.Expr) (*funcNode, int, string, []string, bool) {
	decl := declOf(fn)
	if decl.obj == nil {
		return nil, 0, "", nil, false
	}
	base, path, ok := decompose(fn.file.Package.TypesInfo, e)
	if !ok {
		return nil, 0, "", nil, false
	}
	v, ok := base.(*types.Var)
	if !ok {
		return nil, 0, "", nil, false
	}
	var names []string
	for _, f := range path {
		names = append(names, f.Name())
	}
	sig := decl.obj.Signature()
	if r := sig.Recv(); r != nil && r == v {
		return decl, -1, v.Name(), names, true
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			return decl, i, v.Name(), names, true
		}
	}
	return nil, 0, "", nil, false
}

// localHeld returns the locks held at pos by fn's own body, without those
// inherited from its callers in this package: callers in other packages
// need not hold them.
func (s *summarizer) localHeld(fn *funcNode, pos token.Pos) bool {
	var best *interval
	ivs := s.locks.intervals[fn]
	for i := range ivs {
		iv := &ivs[i]
		if iv.pos <= pos && pos < iv.end && (best == nil || iv.end-iv.pos < best.end-best.pos) {
			best = iv
		}
	}
	return best != nil && len(best.held) > 0
}

// place says where a point at pos in fn runs relative to a call of its
// declaration: on a goroutine it starts and does not wait for (async),
// possibly on several (multi), and whether a lock of the declaration is
// held there (locked; locks taken before a goroutine starts do not count
// inside it). start, if not nil, is a root started at pos whose goroutine
// the point runs on.
func (s *summarizer) place(fn *funcNode, pos token.Pos, start *root) (async, multi, locked bool) {
	crossed := false
	cross := func(r *root, spawner *funcNode) {
		crossed = true
		multi = multi || r.loop != nil || r.kind == rootHTTP
		if spawner == nil || spawner.body == nil || !spawner.waitBetween(r.pos, spawner.body.Rbrace) {
			async = true
		}
	}
	if start != nil {
		cross(start, fn)
	}
	n, p := fn, pos
	for {
		if !crossed && s.localHeld(n, p) {
			locked = true
		}
		if n.parent == nil {
			return async, multi, locked
		}
		for _, r := range n.rootOf {
			if r.spawner == n.parent {
				cross(r, n.parent)
			}
		}
		p, n = n.node.Pos(), n.parent
	}
}

// direct records the accesses each function makes itself.
func (s *summarizer) direct(classes *mapclass.Set) {
	for _, c := range classes.Classes {
		for _, u := range c.Uses {
			if !u.Op.IsAccess() {
				continue
			}
			f := u.Func()
			if f == nil {
				continue
			}
			fn := s.g.byAST[f]
			if fn == nil {
				continue
			}
			decl, idx, name, fields, ok := paramRef(fn, u.Expr)
			if !ok {
				continue
			}
			async, multi, locked := s.place(fn, u.Expr.Pos(), nil)
			if locked {
				continue
			}
			s.add(decl, Effect{Param: idx, Name: name, Fields: fields, Op: u.Op.String(), Async: async, Multi: multi})
		}
	}
}

// collectCalls records the static calls whose callee is loaded, or known
// by its summary.
func (s *summarizer) collectCalls(ext []*extCall, goRoots map[*ast.CallExpr]*root) {
	for _, x := range ext {
		if x.fn != nil {
			s.calls = append(s.calls, sumCall{fn: x.fn, call: x.call, callee: x.callee, ext: x.sum, goRoot: goRoots[x.call]})
		}
	}
	for _, fn := range s.g.funcs {
		if fn.body == nil {
			continue
		}
		info := fn.file.Package.TypesInfo
		ast.Inspect(fn.body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // its own funcNode
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := typeutil.StaticCallee(info, call)
			if callee == nil {
				return true
			}
			if local := s.g.declared(callee); local != nil {
				s.calls = append(s.calls, sumCall{fn: fn, call: call, callee: callee, local: local, goRoot: goRoots[call]})
			}
			return true
		})
	}
}

// propagate adds to each caller the effects of its callees on the maps
// its own parameters reach; it reports whether anything was added.
func (s *summarizer) propagate() bool {
	changed := false
	for _, cs := range s.calls {
		var effs []Effect
		if cs.local != nil {
			for _, e := range s.effects[cs.local] {
				effs = append(effs, e)
			}
		} else {
			effs = cs.ext.Effects
		}
		if len(effs) == 0 {
			continue
		}
		info := cs.fn.file.Package.TypesInfo
		async, multi, locked := s.place(cs.fn, cs.call.Pos(), cs.goRoot)
		inLoop := false
		for _, l := range cs.fn.loops {
			if contains(l, cs.call.Pos()) {
				inLoop = true
			}
		}
		for _, e := range effs {
			if locked && !e.Async && !async {
				continue // the caller's lock guards the callee's access
			}
			arg, implicit, ok := argFor(info, cs.call, cs.callee, e.Param)
			if !ok {
				continue
			}
			decl, idx, name, fields, ok := paramRef(cs.fn, arg)
			if !ok {
				continue
			}
			for _, f := range implicit {
				fields = append(fields, f.Name())
			}
			ne := Effect{
				Param:  idx,
				Name:   name,
				Fields: append(fields, e.Fields...),
				Op:     e.Op,
				Async:  e.Async || async,
				Multi:  e.Multi || multi || (e.Async && inLoop),
			}
			if s.add(decl, ne) {
				changed = true
			}
		}
	}
	return changed
}
