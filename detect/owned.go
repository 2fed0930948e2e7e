package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// Ownership until publication. A value made in a function (a composite
// literal, new, make) belongs to that activation until it escapes: it is
// stored, returned, sent, passed to a call, captured by a literal or has
// a method called on it. Accesses of its maps before that point are made
// by the only goroutine that can see the value, so they race with
// nothing; the publication is the ordering point for everything after.
//
// This covers constructors and decoders that fill a map and then return
// or send the value holding it (b := &batch{...}; b.prices[k] = v;
// return b).

// dropOwned removes the accesses made on values still owned.
func (a *analysis) dropOwned(accs []*access) []*access {
	out := accs[:0:0]
	anyWrite := false
	for _, x := range accs {
		if x.foreign || !(a.owned(x) || a.detached(x) || a.ownedField(x)) {
			out = append(out, x)
			anyWrite = anyWrite || (x.write && !x.foreign)
		}
	}
	if !anyWrite {
		return nil // only reads are left: nothing to conflict with
	}
	return out
}

// owned reports whether access x is made on a value its function still
// owns.
func (a *analysis) owned(x *access) bool {
	if x.fn == nil || x.fn.body == nil || x.spawned || x.via != "" {
		return false
	}
	info := x.use.File.Package.TypesInfo
	base, _, ok := a.g.owner(info, x.use.Expr)
	v, isVar := base.(*types.Var)
	if !ok || !isVar || v.IsField() || isPackageVar(v) || a.g.params[v] {
		return false
	}
	fn := x.fn
	if !contains(fn.node, v.Pos()) {
		return false // captured from an enclosing function: not this one's
	}
	if a.ownedMemo == nil {
		a.ownedMemo = make(map[*types.Var]*ownership)
	}
	o, seen := a.ownedMemo[v]
	if !seen {
		o = newOwnership(info, fn.body, v)
		a.ownedMemo[v] = o
	}
	return o != nil && o.before(x.use.Expr.Pos())
}

// ownership is what a function does with one fresh local: where it is
// defined and where it escapes.
type ownership struct {
	def     token.Pos
	defLoop []ast.Node // loops around the definition
	escapes []escape
}

type escape struct {
	pos   token.Pos
	loops []ast.Node // loops around the escaping use
}

// newOwnership returns v's ownership in body, or nil when v is not made
// fresh (once, by a literal, new or make) in body.
func newOwnership(info *types.Info, body *ast.BlockStmt, v *types.Var) *ownership {
	o := &ownership{}
	fresh := false
	inspect(body, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if info.Defs[id] == v {
			o.def = id.Pos()
			o.defLoop = loopsOf(stack)
			fresh = definedFresh(info, stack, id)
			return true
		}
		if info.Uses[id] != v {
			return true
		}
		if !stays(info, stack, id) {
			o.escapes = append(o.escapes, escape{pos: id.Pos(), loops: loopsOf(stack)})
		}
		return true
	})
	if !fresh || !o.def.IsValid() {
		return nil
	}
	return o
}

// before reports whether pos comes before every escape of the value, in
// the one activation that made it.
func (o *ownership) before(pos token.Pos) bool {
	for _, e := range o.escapes {
		if e.pos <= pos {
			return false
		}
		// An escape later in a loop that also holds pos, around a value
		// made outside the loop, comes before pos's next iteration.
		for _, l := range e.loops {
			if l.Pos() <= pos && pos < l.End() && !containsNode(o.defLoop, l) {
				return false
			}
		}
	}
	return true
}

func containsNode(ns []ast.Node, n ast.Node) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}

func loopsOf(stack []ast.Node) []ast.Node {
	var out []ast.Node
	for _, n := range stack {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			out = append(out, n)
		}
	}
	return out
}

// definedFresh reports whether the definition id (whose enclosing nodes
// are stack) gives the variable a value made there.
func definedFresh(info *types.Info, stack []ast.Node, id *ast.Ident) bool {
	if len(stack) == 0 {
		return false
	}
	var rhs ast.Expr
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) {
			return false
		}
		for i, l := range p.Lhs {
			if l == id {
				rhs = p.Rhs[i]
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) != len(p.Values) {
			return false
		}
		for i, n := range p.Names {
			if n == id {
				rhs = p.Values[i]
			}
		}
	}
	if rhs == nil {
		return false
	}
	switch e := ast.Unparen(rhs).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && ok
	case *ast.CallExpr:
		return isBuiltin(info, e, "new") || isBuiltin(info, e, "make")
	}
	return false
}

// stays reports whether a use of the owned value keeps it owned: a field
// selected to be read, written, indexed, ranged over or measured, or the
// value itself indexed, ranged over or measured. Anything else (a call
// argument, a method call, an assignment or return of the value or of a
// map or pointer read out of it, a capture by a literal) publishes it.
func stays(info *types.Info, stack []ast.Node, id *ast.Ident) bool {
	var e ast.Expr = id
	i := len(stack) - 1
	for ; i >= 0; i-- {
		if _, ok := stack[i].(*ast.FuncLit); ok {
			return false // captured
		}
	}
	i = len(stack) - 1
	// Climb through field selections and derefs.
	for i >= 0 {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			e = p.(ast.Expr)
			i--
			continue
		case *ast.SelectorExpr:
			if p.X != e {
				return false
			}
			sel := info.Selections[p]
			if sel == nil || sel.Kind() != types.FieldVal {
				return false // a method value or call
			}
			e = p
			i--
			continue
		}
		break
	}
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.IndexExpr:
		return p.X == e
	case *ast.RangeStmt:
		return p.X == e
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == e {
				return true // written to
			}
		}
		return false
	case *ast.IncDecStmt:
		return true
	case *ast.CallExpr:
		if fid, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[fid].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "delete", "clear":
					return true
				case "append":
					return len(p.Args) > 0 && p.Args[0] == e
				}
			}
		}
	case *ast.BinaryExpr:
		return p.Op == token.EQL || p.Op == token.NEQ
	}
	return false
}

// declaredEmpty reports whether v, a local of body, is declared by := or by
// a var declaration without a value (a nil map until assigned).
func declaredEmpty(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	empty := true
	ast.Inspect(body, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) > 0 {
			for _, name := range vs.Names {
				if info.Defs[name] == v {
					empty = false
				}
			}
		}
		return empty
	})
	return empty
}

// detached reports whether access x is made through a local that took the
// map out of its owner while a lock was held, after the owner was given
// another map (or nil) under that lock:
//
//	t.mu.Lock(); streams := t.active; t.active = nil; t.mu.Unlock()
//	for _, s := range streams { ... }
//
// No one else can reach the old map any more.
func (a *analysis) detached(x *access) bool {
	if x.fn == nil || x.fn.body == nil {
		return false
	}
	info := x.use.File.Package.TypesInfo
	id, ok := ast.Unparen(x.use.Expr).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || isPackageVar(v) || a.g.params[v] {
		return false
	}
	var def ast.Expr
	var defPos, swapPos token.Pos
	sets := 0 // assignments of a map to v: it must get only the one
	ast.Inspect(x.fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			// old := t.active, or var old map[K]V and later old = t.active
			// (inside an if): either way the one value v ever gets.
			if lid, ok := l.(*ast.Ident); ok && info.ObjectOf(lid) == v && !info.Types[as.Rhs[i]].IsNil() {
				sets++
				def, defPos = as.Rhs[i], as.Pos()
			}
		}
		if def == nil {
			return true
		}
		for i, l := range as.Lhs {
			if as.Pos() > defPos && types.ExprString(l) == types.ExprString(def) &&
				(info.Types[as.Rhs[i]].IsNil() || isFreshMap(info, as.Rhs[i])) && !swapPos.IsValid() {
				swapPos = as.Pos()
			}
		}
		return true
	})
	if def == nil || sets != 1 || !swapPos.IsValid() || swapPos > x.use.Expr.Pos() || !declaredEmpty(info, x.fn.body, v) {
		return false
	}
	if _, isSel := ast.Unparen(def).(*ast.SelectorExpr); !isSel {
		return false
	}
	held := a.locks.heldAt(x.fn, defPos)
	swapHeld := a.locks.heldAt(x.fn, swapPos)
	for _, l := range held {
		if !l.read && a.g.keys.containsLock(swapHeld, l) {
			return true
		}
	}
	return false
}

// ownedField reports whether access x is made through a field of a local
// struct value (a copy, not a pointer) that its function set to a fresh map
// earlier, in a block that holds x, and has not let out since:
//
//	func (o Options) WithHeader(k, v string) Options {
//		o.Headers = maps.Clone(o.Headers)
//		o.Headers[k] = v
//		return o
//	}
//
// The copy's field is the only way to the new map until o leaves.
func (a *analysis) ownedField(x *access) bool {
	if x.fn == nil || x.fn.body == nil || x.spawned || x.via != "" {
		return false
	}
	info := x.use.File.Package.TypesInfo
	sel, ok := ast.Unparen(x.use.Expr).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	return a.freshFieldAt(x.fn, v, info.Uses[sel.Sel], x.use.Expr.Pos(), id)
}

// freshFieldAt reports whether, at pos in fn, v.field holds a map fn set
// to a fresh one earlier, in a block that holds pos, with v a local struct
// value (a copy, not a pointer) not let out since: no use of v outside own
// (the use at pos, or the literal handed v there) takes its address or
// hands it on; a pointer method whose receiver stays in it (setterKeeps)
// and the selection of another field let nothing out. The fresh map is
// set by v.field = make(...), a literal or maps.Clone, or by
// v = v.clone() with a function that returns a copy whose field it so
// set. A goroutine's literal that owns the variable it captured
// (ownsCapture) may find the fresh map set before it, in its function.
func (a *analysis) freshFieldAt(fn *funcNode, v *types.Var, field types.Object, pos token.Pos, own ast.Node) bool {
	return a.freshField(fn, v, field, pos, own, 0)
}

func (a *analysis) freshField(fn *funcNode, v *types.Var, field types.Object, pos token.Pos, own ast.Node, depth int) bool {
	if depth > 3 || fn.body == nil || v.IsField() || isPackageVar(v) {
		return false
	}
	captured := !contains(fn.node, v.Pos())
	if captured && !ownsCapture(fn, v) {
		return false
	}
	if _, isStruct := v.Type().Underlying().(*types.Struct); !isStruct {
		return false
	}
	info := fn.file.Package.TypesInfo
	fresh := func(lhs, rhs ast.Expr) bool {
		if fieldOf(info, lhs, v, field) {
			return isFreshMap(info, rhs) || clonesMap(info, rhs)
		}
		if isIdentOf(info, lhs, v) {
			call, ok := ast.Unparen(rhs).(*ast.CallExpr)
			return ok && a.returnsFreshCopy(info, call, field, depth)
		}
		return false
	}
	var set token.Pos // the last fresh set of v.field before pos, in a block holding pos
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.End() > pos || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if fresh(l, as.Rhs[i]) && inBlockHolding(stack, pos) {
				set = as.End()
			}
		}
		return true
	})
	if !set.IsValid() && captured {
		lit := fn
		for !contains(lit.parent.node, v.Pos()) {
			lit = lit.parent
		}
		if a.freshField(lit.parent, v, field, lit.node.Pos(), lit.node, depth+1) {
			set = fn.body.Lbrace
		}
	}
	if !set.IsValid() {
		return false
	}
	// In a loop, what follows pos in the body runs before its next turn:
	// up to the end of the outermost loop around pos that starts after
	// the fresh map (and all from the fresh map on).
	from, to := set, pos
	for _, l := range fn.loops {
		if l.Pos() > set && l.Pos() <= pos && pos < l.End() && l.End() > to {
			to = l.End()
		}
	}
	owned := true
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if !owned {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && from <= as.Pos() && as.Pos() < to && as.Pos() >= set {
			// Another value given to the field, or to the whole copy, on
			// the way (a shared default) may be the one at pos.
			for i, l := range as.Lhs {
				if (fieldOf(info, l, v, field) || isIdentOf(info, l, v)) && (len(as.Lhs) != len(as.Rhs) || !fresh(l, as.Rhs[i])) {
					owned = false
				}
			}
		}
		use, ok := n.(*ast.Ident)
		if !ok || info.Uses[use] != v || contains(own, use.Pos()) || otherField(info, stack, field) {
			return owned
		}
		switch {
		case pointerMethod(info, stack) && a.setterKeeps(info, selectorOf(stack)):
			// A setter of the copy's own fields.
		case addressed(stack) || insideLit(stack) || pointerMethod(info, stack):
			owned = false // others may see the field change
		case from <= use.Pos() && use.Pos() < to && !stays(info, stack, use) && !isAssignedTo(stack, use) && !a.passedKept(info, stack, use):
			owned = false // let out between the fresh map and pos
		}
		return owned
	})
	return owned
}

// isAssignedTo reports whether the identifier whose ancestors are stack
// is itself the target of an assignment (v = v.clone()): that replaces v,
// it hands nothing out.
func isAssignedTo(stack []ast.Node, id *ast.Ident) bool {
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	return ok && slices.ContainsFunc(as.Lhs, func(l ast.Expr) bool { return l == ast.Expr(id) })
}

// returnsFreshCopy reports whether call runs one loaded function whose
// every return hands back a struct whose field holds a map made for it:
// a literal giving the field a fresh map (or none), or a local copy whose
// field it set fresh (c := o; c.headers = make(...); return c).
func (a *analysis) returnsFreshCopy(info *types.Info, call *ast.CallExpr, field types.Object, depth int) bool {
	callee := a.g.onlyCallee(info, call)
	if callee == nil || callee.body == nil {
		return false
	}
	f, ok := field.(*types.Var)
	if !ok {
		return false
	}
	cinfo := callee.file.Package.TypesInfo
	fresh, any := true, false
	ast.Inspect(callee.body, func(n ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit || !fresh {
			return false
		}
		ret, isRet := n.(*ast.ReturnStmt)
		if !isRet {
			return true
		}
		any = true
		if len(ret.Results) != 1 {
			fresh = false
			return false
		}
		switch r := ast.Unparen(ret.Results[0]).(type) {
		case *ast.CompositeLit:
			fresh = literalFresh(cinfo, r, f)
		case *ast.Ident:
			w, isVar := cinfo.Uses[r].(*types.Var)
			fresh = isVar && a.freshField(callee, w, field, ret.Pos(), r, depth+1)
		default:
			fresh = false
		}
		return false
	})
	return fresh && any
}

// pointerMethod reports whether the identifier whose ancestors are stack
// is the operand of a method with a pointer receiver (o.m() with o a
// struct variable): the call takes its address.
func pointerMethod(info *types.Info, stack []ast.Node) bool {
	p, _ := nonParen(stack)
	sel, ok := p.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	_, ptr := s.Obj().(*types.Func).Signature().Recv().Type().Underlying().(*types.Pointer)
	return ptr && !s.Indirect()
}

// clonesMap reports whether e calls maps.Clone, which returns a new map.
func clonesMap(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	var fn *types.Func
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		fn, _ = info.Uses[f.Sel].(*types.Func)
	case *ast.Ident:
		fn, _ = info.Uses[f].(*types.Func)
	}
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "maps" && fn.Name() == "Clone"
}

// addressed reports whether the node whose ancestors are stack is the
// operand of &.
func addressed(stack []ast.Node) bool {
	p, _ := nonParen(stack)
	u, ok := p.(*ast.UnaryExpr)
	return ok && u.Op == token.AND
}

// inBlockHolding reports whether the statement whose ancestors are stack
// is one of a statement list that also holds pos: it runs before
// anything after it there.
func inBlockHolding(stack []ast.Node, pos token.Pos) bool {
	if len(stack) == 0 {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return contains(p, pos)
	}
	return false
}

// insideLit reports whether stack passes through a function literal.
func insideLit(stack []ast.Node) bool {
	for _, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// ownedIn reports whether access x, as it runs in context cx, is made on
// a map that a caller in cx has just made for a struct copy of its own,
// and reaches through a pointer to that copy:
//
//	func (c *Client) getChunk(opts Options, start, end int64) {
//		opts.headers = maps.Clone(opts.headers)
//		opts.SetRange(start, end) // (*Options).SetRange writes o.headers
//
// Every call in cx of the function making x, and of the functions that
// forward the pointer to it, must be such a call; calls in other
// contexts make other instances of x, judged with their own pairs.
func (a *analysis) ownedIn(x *access, cx ctx) bool {
	if x.fn == nil || x.spawned || x.via != "" {
		return false
	}
	info := x.use.File.Package.TypesInfo
	base, path, ok := decompose(info, x.use.Expr)
	if !ok || len(path) != 1 {
		return false
	}
	v, isVar := base.(*types.Var)
	if !isVar {
		return false
	}
	return a.ownedPointer(cx, x.fn, v, path[0], 0)
}

// ownedPointer is ownedIn for v.field in fn, with v a pointer parameter
// (or receiver) of fn's declaration.
func (a *analysis) ownedPointer(cx ctx, fn *funcNode, v *types.Var, field *types.Var, depth int) bool {
	if depth > 4 {
		return false
	}
	if _, isPtr := v.Type().Underlying().(*types.Pointer); !isPtr {
		return false
	}
	decl, idx, ok := paramOf(fn, v)
	if !ok || decl.body == nil || len(decl.rootOf) > 0 || assigned(decl.file.Package.TypesInfo, decl.body, v) {
		return false
	}
	found := false
	for _, cs := range decl.callers {
		if cs.caller == nil || !a.runsIn(cs.caller, cx) {
			continue // another goroutine's call: another instance
		}
		if cs.call == nil || cs.caller == decl {
			return false // called through a value, or recursively
		}
		_, id, w := boundVar(cs.caller.file.Package.TypesInfo, cs.call, decl, idx)
		if w == nil {
			return false
		}
		if _, isPtr := w.Type().Underlying().(*types.Pointer); isPtr {
			if !a.ownedPointer(cx, cs.caller, w, field, depth+1) {
				return false
			}
		} else if !a.freshFieldAt(cs.caller, w, field, cs.call.Pos(), id) {
			return false
		}
		found = true
	}
	return found
}

// paramOf returns the declaration fn is written in and the index of its
// parameter v (-1: the receiver).
func paramOf(fn *funcNode, v *types.Var) (*funcNode, int, bool) {
	decl := declOf(fn)
	if decl.obj == nil {
		return nil, 0, false
	}
	sig := decl.obj.Signature()
	if sig.Recv() == v {
		return decl, -1, true
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return decl, i, true
		}
	}
	return nil, 0, false
}

// selectorOf returns the selector expression the identifier whose
// ancestors are stack is the operand of, or nil.
func selectorOf(stack []ast.Node) *ast.SelectorExpr {
	p, _ := nonParen(stack)
	sel, _ := p.(*ast.SelectorExpr)
	return sel
}

// ownsCapture reports whether literal fn (or the literal it is written
// in) is the last to use v, a variable of an enclosing function: a
// goroutine's literal that clones the options it captured. The literal is
// run where it is written (go func() {...}(), func() {...}()), not in a
// loop that v outlives; the enclosing function does not use v after it,
// takes no address of it, and no other literal captures it.
func ownsCapture(fn *funcNode, v *types.Var) bool {
	lit := fn
	for lit.parent != nil && !contains(lit.parent.node, v.Pos()) {
		lit = lit.parent
	}
	home := lit.parent
	if home == nil || home.body == nil || !contains(home.node, v.Pos()) {
		return false
	}
	for _, l := range home.loops {
		if contains(l, lit.node.Pos()) && !contains(l, v.Pos()) {
			return false
		}
	}
	info := home.file.Package.TypesInfo
	ok, called := true, false
	inspect(home.body, func(n ast.Node, stack []ast.Node) bool {
		if !ok {
			return false
		}
		if n == lit.node {
			p, _ := nonParen(stack)
			call, isCall := p.(*ast.CallExpr)
			called = isCall && ast.Unparen(call.Fun) == n
			return false // its own uses are fn's business
		}
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != v {
			return true
		}
		if id.Pos() >= lit.node.End() || insideLit(stack) || addressed(stack) {
			ok = false
		}
		return ok
	})
	return ok && called
}

// otherField reports whether the identifier whose ancestors are stack is
// the operand of a selection of a field other than field: v.auth hands
// on a string, not v's map.
func otherField(info *types.Info, stack []ast.Node, field types.Object) bool {
	sel := selectorOf(stack)
	if sel == nil {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.FieldVal && len(s.Index()) == 1 && s.Obj() != field
}

// passedKept reports whether the identifier whose ancestors are stack is
// a value argument of a call whose function keeps it to itself.
func (a *analysis) passedKept(info *types.Info, stack []ast.Node, id *ast.Ident) bool {
	p, i := nonParen(stack)
	if !isCallArg(p, id) || startedCall(stack, i) {
		return false
	}
	call := p.(*ast.CallExpr)
	return a.argKept(info, call, slices.IndexFunc(call.Args, func(e ast.Expr) bool { return ast.Unparen(e) == ast.Expr(id) }), 0)
}

// startedCall reports whether the call at stack[i] is the call of a go or
// defer statement: it runs later, or elsewhere, with what it was handed.
func startedCall(stack []ast.Node, i int) bool {
	if i <= 0 {
		return false
	}
	switch p := stack[i-1].(type) {
	case *ast.GoStmt:
		return p.Call == stack[i]
	case *ast.DeferStmt:
		return p.Call == stack[i]
	}
	return false
}
