package detect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/types/typeutil"
)

// Per-instance field maps. A field class is one class for every value of
// the struct type, so a scratch map in a struct that every goroutine makes
// for itself (a parser, a checker, a per-request state) conflicts with
// itself when the goroutine is started in a loop. Here an access of a
// field map is dropped when the struct value it is reached from is
// confined to one activation of the function that makes it:
//
//   - the value is made there (a composite literal, new(T), a zero struct
//     variable, or a constructor whose every return makes one), held in a
//     local variable;
//   - the variable does not escape: it is only selected from (x.f, x.m()),
//     compared, passed to loaded functions and methods whose parameter
//     or receiver does not escape in turn, or printed; it is never copied
//     as a whole, stored, sent, returned, captured by a goroutine, or
//     handed to code whose body is not loaded;
//   - an access through a parameter or receiver is confined when every
//     call of its function (all known: not a root, not used as a value)
//     passes a confined value;
//   - the access does not run in a goroutine started between the
//     variable's function and the access.
//
// No other activation can reach a confined value, and within one
// activation accesses are sequential, so a confined access conflicts
// with nothing. The map itself must not move between values either: the
// class is only eligible when its slots are fields and parameters, and
// its values only move from make or a literal into a field, or from a
// field into a parameter of a loaded function.

// confinement computes which accesses are confined, with memos.
type confinement struct {
	g         *graph
	rootCalls map[*ast.CallExpr]bool
	uses      map[*funcNode]map[*types.Var][]varUse
	noEsc     *coMemo[escKey]
	conf      *coMemo[*types.Var]
	ctor      map[*funcNode]bool
}

// coMemo memoizes a predicate defined by recursion through itself (a
// function's parameter is confined when its callers' arguments are, and
// calls may recurse), as the greatest fixed point: a question asked again
// while it is being decided is answered true. An answer of true reached
// under such an assumption is forgotten when the assumption turns out
// false, and decided again when asked.
type coMemo[K comparable] struct {
	val     map[K]bool
	pending int // decisions in progress
	trail   []K // keys decided true while a decision was in progress
}

func newCoMemo[K comparable]() *coMemo[K] { return &coMemo[K]{val: make(map[K]bool)} }

func (m *coMemo[K]) get(k K, decide func() bool) bool {
	if r, ok := m.val[k]; ok {
		return r
	}
	m.val[k] = true
	start := len(m.trail)
	m.pending++
	r := decide()
	m.pending--
	if !r {
		for _, t := range m.trail[start:] {
			delete(m.val, t)
		}
		m.trail = m.trail[:start]
	}
	m.val[k] = r
	if r && m.pending > 0 {
		m.trail = append(m.trail, k)
	}
	return r
}

type escKey struct {
	v      *types.Var
	fn     *funcNode
	allowR bool
}

// varUse is one mention of a variable, with its enclosing nodes.
type varUse struct {
	id    *ast.Ident
	stack []ast.Node // from the function's node down to id's parent
}

func (a *analysis) confinement() *confinement {
	if a.inst == nil {
		c := &confinement{
			g:         a.g,
			rootCalls: make(map[*ast.CallExpr]bool),
			uses:      make(map[*funcNode]map[*types.Var][]varUse),
			noEsc:     newCoMemo[escKey](),
			conf:      newCoMemo[*types.Var](),
			ctor:      make(map[*funcNode]bool),
		}
		for _, r := range a.g.roots {
			if r.call != nil {
				c.rootCalls[r.call] = true
			}
		}
		a.inst = c
	}
	return a.inst
}

// dropConfined removes the confined accesses of an eligible field class.
func (a *analysis) dropConfined(c *mapclass.Class, accs []*access) []*access {
	ic := a.confinement()
	if !ic.eligible(c) {
		return accs
	}
	for _, x := range accs {
		if x.spawned {
			return accs // go delete(v.m, k): the map reaches a goroutine
		}
	}
	out := accs[:0:0]
	for _, x := range accs {
		if x.foreign || x.fn == nil || !ic.confinedAccess(x.fn, x.use.Expr) {
			out = append(out, x)
		}
	}
	return out
}

// eligible reports whether the maps of c stay in the values that hold
// them: its slots are fields and parameters, and a map only moves from
// make or a literal into a field, or from a field or parameter into a
// parameter of a loaded function called in place.
func (ic *confinement) eligible(c *mapclass.Class) bool {
	hasField := false
	for _, s := range c.Slots {
		if s.Elem || (s.Kind != mapclass.Field && s.Kind != mapclass.Param) {
			return false
		}
		hasField = hasField || s.Kind == mapclass.Field
	}
	if !hasField {
		return false
	}
	for _, u := range c.Uses {
		if u.Op != mapclass.Flow {
			continue
		}
		p := parentOf(u.Stack)
		switch p := p.(type) {
		case *ast.AssignStmt:
			// x.m = make(...) or x.m = nil: the left-hand side.
			ok := false
			for i, l := range p.Lhs {
				if ast.Unparen(l) == u.Expr && len(p.Lhs) == len(p.Rhs) && isFresh(u.File.Package.TypesInfo, p.Rhs[i]) {
					ok = true
				}
			}
			if !ok {
				return false
			}
		case *ast.CallExpr:
			// Passed to a loaded function that keeps it to itself: the
			// parameter must not escape (into a goroutine, a global...).
			info := u.File.Package.TypesInfo
			fn := typeutil.StaticCallee(info, p)
			if fn == nil || ic.rootCalls[p] {
				return false
			}
			callee := ic.g.declared(fn)
			if callee == nil {
				return false
			}
			sig := fn.Signature()
			arg := -1
			for i, a := range p.Args {
				if ast.Unparen(a) == u.Expr {
					arg = i
				}
			}
			if arg < 0 || arg >= sig.Params().Len() || (sig.Variadic() && arg >= sig.Params().Len()-1) ||
				!ic.noEscape(callee, sig.Params().At(arg), false) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// isFresh reports whether e makes a new map or is nil.
func isFresh(info *types.Info, e ast.Expr) bool {
	if info.Types[e].IsNil() {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		return isBuiltin(info, e, "make")
	}
	return false
}

// parentOf returns the innermost node of stack that is not a parenthesis.
func parentOf(stack []ast.Node) ast.Node {
	p, _ := nonParen(stack)
	return p
}

// confinedAccess reports whether the map expression e of an access in fn
// is reached from a confined value: x.f, x.s.f (through struct values) or
// a parameter holding the map.
func (ic *confinement) confinedAccess(fn *funcNode, e ast.Expr) bool {
	return ic.confinedExpr(fn, e)
}

// confinedExpr reports whether the value of e, in fn, is confined. The
// recursion through parameters ends since each variable is decided once
// (confinedVar's memo).
func (ic *confinement) confinedExpr(fn *funcNode, e ast.Expr) bool {
	if fn == nil {
		return false
	}
	info := fn.file.Package.TypesInfo
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return ic.confinedExpr(fn, x.X)
		}
		return false
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if isNew(info, x) {
			return true
		}
		callee := typeutil.StaticCallee(info, x)
		if callee == nil {
			return false
		}
		c := ic.g.declared(callee)
		return c != nil && ic.constructor(c)
	}
	base, path, ok := decompose(info, e)
	if !ok {
		return false
	}
	// Fields on the way to the map must be struct values inside the base
	// value; a pointer field leads to a value of its own.
	inside := path
	if t := info.TypeOf(e); t != nil && isMapType(t) && len(path) > 0 {
		inside = path[:len(path)-1]
	}
	for _, f := range inside {
		if _, isStruct := f.Type().Underlying().(*types.Struct); !isStruct {
			return false
		}
	}
	v, ok := base.(*types.Var)
	if !ok || isPackageVar(v) {
		return false
	}
	decl := ic.declaring(fn, v)
	if decl == nil {
		return false
	}
	return ic.confinedVar(decl, v)
}

// declaring returns the innermost function among fn and its enclosing
// ones that declares v, or nil when a goroutine starts on the way there.
func (ic *confinement) declaring(fn *funcNode, v *types.Var) *funcNode {
	for n := fn; n != nil; n = n.parent {
		if contains(n.node, v.Pos()) {
			return n
		}
		if len(n.rootOf) > 0 {
			return nil // v is captured by a goroutine
		}
	}
	return nil
}

func isNew(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
			return true
		}
	}
	return false
}

// confinedVar reports whether the value v holds in fn is confined.
func (ic *confinement) confinedVar(fn *funcNode, v *types.Var) bool {
	return ic.conf.get(v, func() bool { return ic.decideVar(fn, v) })
}

func (ic *confinement) decideVar(fn *funcNode, v *types.Var) bool {
	if !ic.noEscape(fn, v, false) {
		return false
	}
	if idx, ok := paramIndex(fn, v); ok {
		if fn.entry || fn.valueRef || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
			return false
		}
		for _, cs := range fn.callers {
			if cs.caller == nil || cs.call == nil {
				return false
			}
			arg := argOf(cs.call, idx)
			if arg == nil || !ic.confinedExpr(cs.caller, arg) {
				return false
			}
			if idx < 0 && viaPointer(cs.caller.file.Package.TypesInfo, cs.call) {
				return false // a method promoted through an embedded pointer
			}
		}
		return true
	}
	return ic.freshLocal(fn, v)
}

// paramIndex returns the index of v among fn's parameters, -1 for the
// receiver.
func paramIndex(fn *funcNode, v *types.Var) (int, bool) {
	if fn.recvVar() == v && v != nil {
		return -1, true
	}
	sig := fn.signature()
	if sig == nil {
		return 0, false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			if sig.Variadic() && i == sig.Params().Len()-1 {
				return 0, false
			}
			return i, true
		}
	}
	return 0, false
}

// viaPointer reports whether a method call reaches its receiver through
// an embedded pointer field of the value it is called on.
func viaPointer(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	if s == nil || len(s.Index()) < 2 {
		return false
	}
	for _, f := range implicitFields(info.TypeOf(sel.X), s.Index()[:len(s.Index())-1]) {
		if _, ptr := f.Type().Underlying().(*types.Pointer); ptr {
			return true
		}
	}
	return false
}

// argOf returns the expression a call passes for parameter idx (-1: the
// receiver).
func argOf(call *ast.CallExpr, idx int) ast.Expr {
	if idx < 0 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X
		}
		return nil
	}
	if idx >= len(call.Args) {
		return nil
	}
	return call.Args[idx]
}

// freshLocal reports whether every value assigned to the local v in fn is
// made there.
func (ic *confinement) freshLocal(fn *funcNode, v *types.Var) bool {
	info := fn.file.Package.TypesInfo
	ok := true
	assigned := false
	ast.Inspect(fn.node, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := ast.Unparen(l).(*ast.Ident)
				if !isID || (info.Defs[id] != v && info.Uses[id] != v) {
					continue
				}
				assigned = true
				if len(n.Lhs) != len(n.Rhs) || !ic.freshValue(fn, n.Rhs[i]) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] != v {
					continue
				}
				assigned = true
				switch {
				case len(n.Values) == 0:
					// var x T: a zero struct is a value of its own; a
					// zero pointer must be assigned later.
					if _, isStruct := v.Type().Underlying().(*types.Struct); !isStruct {
						assigned = false
					}
				case len(n.Values) != len(n.Names) || !ic.freshValue(fn, n.Values[i]):
					ok = false
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, isID := e.(*ast.Ident); isID && (info.Defs[id] == v || info.Uses[id] == v) {
					ok = false
				}
			}
		}
		return true
	})
	return ok && assigned
}

// freshValue reports whether e makes a new struct value: a literal, its
// address, new(T), or a call of a constructor.
func (ic *confinement) freshValue(fn *funcNode, e ast.Expr) bool {
	info := fn.file.Package.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(x.X).(*ast.CompositeLit)
		return x.Op == token.AND && lit
	case *ast.CallExpr:
		if isNew(info, x) {
			return true
		}
		callee := typeutil.StaticCallee(info, x)
		if callee == nil {
			return false
		}
		c := ic.g.declared(callee)
		return c != nil && ic.constructor(c)
	}
	return false
}

// constructor reports whether fn returns a fresh value that nothing else
// keeps: it has one result, and every return gives a literal, its
// address, new(T), or a local made in fn that escapes only by the return.
func (ic *confinement) constructor(fn *funcNode) bool {
	if r, ok := ic.ctor[fn]; ok {
		return r
	}
	ic.ctor[fn] = false // a recursive constructor is not recognised
	sig := fn.signature()
	if sig == nil || sig.Results().Len() != 1 || fn.body == nil {
		return false
	}
	info := fn.file.Package.TypesInfo
	ok, any := true, false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		ret, isRet := n.(*ast.ReturnStmt)
		if !isRet || !ok {
			return ok
		}
		any = true
		if len(ret.Results) != 1 {
			ok = false
			return false
		}
		r := ast.Unparen(ret.Results[0])
		if ic.freshValue(fn, r) {
			return true
		}
		id, isID := r.(*ast.Ident)
		v, _ := info.Uses[id].(*types.Var)
		if !isID || v == nil || !contains(fn.node, v.Pos()) {
			ok = false
			return false
		}
		if _, isParam := paramIndex(fn, v); isParam || !ic.noEscape(fn, v, true) || !ic.freshLocal(fn, v) {
			ok = false
		}
		return true
	})
	r := ok && any
	ic.ctor[fn] = r
	return r
}

// varUses returns the mentions of every variable in fn's node.
func (ic *confinement) varUses(fn *funcNode) map[*types.Var][]varUse {
	if m, ok := ic.uses[fn]; ok {
		return m
	}
	m := make(map[*types.Var][]varUse)
	info := fn.file.Package.TypesInfo
	var stack []ast.Node
	ast.Inspect(fn.node, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				m[v] = append(m[v], varUse{id: id, stack: append([]ast.Node(nil), stack...)})
			}
		}
		stack = append(stack, n)
		return true
	})
	ic.uses[fn] = m
	return m
}

// noEscape reports whether the value of v stays within the activation of
// fn (and of what fn calls), as described at the top of this file. With
// allowReturn, returning it is allowed (a constructor).
func (ic *confinement) noEscape(fn *funcNode, v *types.Var, allowReturn bool) bool {
	return ic.noEsc.get(escKey{v, fn, allowReturn}, func() bool { return ic.decideEscape(fn, v, allowReturn) })
}

func (ic *confinement) decideEscape(fn *funcNode, v *types.Var, allowReturn bool) bool {
	info := fn.file.Package.TypesInfo
	for _, u := range ic.varUses(fn)[v] {
		// A goroutine started inside fn that mentions v shares it.
		for _, n := range u.stack {
			if lit, ok := n.(*ast.FuncLit); ok && n != fn.node {
				if ln := ic.g.byAST[lit]; ln != nil && len(ln.rootOf) > 0 {
					return false
				}
			}
		}
		if !ic.useStays(info, u.id, u.stack, allowReturn) {
			return false
		}
	}
	return true
}

// useStays reports whether the value of expression e (v itself, or what
// is derived from it: &v, *v, v.s for a struct field s) stays confined at
// its parent.
func (ic *confinement) useStays(info *types.Info, e ast.Expr, stack []ast.Node, allowReturn bool) bool {
	p, i := nonParen(stack)
	if p == nil {
		return false
	}
	up := func(x ast.Expr) bool { return ic.useStays(info, x, stack[:i], allowReturn) }
	switch p := p.(type) {
	case *ast.SelectorExpr:
		if ast.Unparen(p.X) != e {
			return false
		}
		sel := info.Selections[p]
		if sel == nil {
			return false
		}
		switch sel.Kind() {
		case types.FieldVal:
			switch sel.Obj().Type().Underlying().(type) {
			case *types.Struct, *types.Array:
				// A struct value inside v: as confined as v, so it must
				// not be copied out either.
				return up(p)
			}
			return true // a pointer, map or scalar read out of v
		case types.MethodVal:
			gp, _ := nonParen(stack[:i])
			call, ok := gp.(*ast.CallExpr)
			if !ok || ast.Unparen(call.Fun) != p || ic.rootCalls[call] {
				return false // a method value, or go v.m()
			}
			fn, _ := sel.Obj().(*types.Func)
			callee := ic.g.declared(fn)
			if callee == nil {
				return false // an interface method, or no body loaded
			}
			recv := callee.recvVar()
			return recv == nil || ic.noEscape(callee, recv, false)
		}
		return false
	case *ast.StarExpr:
		return up(p)
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return up(p)
		}
		return false
	case *ast.IndexExpr:
		if ast.Unparen(p.X) != e {
			return false // used as an index
		}
		switch t := info.TypeOf(p); {
		case t == nil:
			return false
		default:
			switch t.Underlying().(type) {
			case *types.Struct, *types.Array:
				return up(p) // an element inside v
			}
		}
		return true
	case *ast.RangeStmt:
		return ast.Unparen(p.X) == e
	case *ast.CallExpr:
		if ic.rootCalls[p] {
			return false
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "len" || b.Name() == "cap"
			}
		}
		idx := -1
		for j, a := range p.Args {
			if ast.Unparen(a) == e {
				idx = j
			}
		}
		if idx < 0 || p.Ellipsis.IsValid() {
			return false
		}
		callee, _ := typeutil.Callee(info, p).(*types.Func)
		if isPrinter(callee) {
			return true // printed, not kept
		}
		c := ic.g.declared(callee)
		if c == nil || typeutil.StaticCallee(info, p) == nil {
			return false
		}
		sig := callee.Signature()
		if idx >= sig.Params().Len() || (sig.Variadic() && idx >= sig.Params().Len()-1) {
			return false
		}
		pv := c.signature().Params().At(idx)
		return ic.noEscape(c, pv, false)
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if ast.Unparen(l) == e {
				return true // assigned to: freshLocal checks the value
			}
		}
		return false
	case *ast.BinaryExpr:
		return p.Op == token.EQL || p.Op == token.NEQ
	case *ast.ReturnStmt:
		return allowReturn
	}
	return false
}
