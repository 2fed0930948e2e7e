package detect

import (
	"go/ast"
	"go/token"
	"go/types"
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
	if !ok || v.IsField() || isPackageVar(v) || !contains(x.fn.node, v.Pos()) {
		return false
	}
	if _, isStruct := v.Type().Underlying().(*types.Struct); !isStruct {
		return false
	}
	field := info.Uses[sel.Sel]
	pos := x.use.Expr.Pos()
	var set token.Pos // the last v.field = fresh before pos, in a block holding pos
	inspect(x.fn.body, func(n ast.Node, stack []ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() >= pos || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if fieldOf(info, l, v, field) && (isFreshMap(info, as.Rhs[i]) || clonesMap(info, as.Rhs[i])) && inBlockHolding(stack, pos) {
				set = as.End()
			}
		}
		return true
	})
	if !set.IsValid() {
		return false
	}
	// In a loop, what follows x in the body runs before x's next turn:
	// the outermost loop around x that starts after the fresh map.
	from, to := set, pos
	for _, l := range x.fn.loops {
		if l.Pos() > set && l.Pos() <= pos && pos < l.End() && (from == set || l.Pos() < from) {
			from, to = l.Pos(), l.End()
		}
	}
	owned := true
	inspect(x.fn.body, func(n ast.Node, stack []ast.Node) bool {
		if !owned {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && from <= as.Pos() && as.Pos() < to && as.Pos() >= set {
			// Another value given to the field on the way (a shared
			// default) may be the one x writes.
			for i, l := range as.Lhs {
				if fieldOf(info, l, v, field) && (len(as.Lhs) != len(as.Rhs) || !isFreshMap(info, as.Rhs[i]) && !clonesMap(info, as.Rhs[i])) {
					owned = false
				}
			}
		}
		use, ok := n.(*ast.Ident)
		if !ok || info.Uses[use] != v {
			return owned
		}
		switch {
		case addressed(stack) || insideLit(stack) || pointerMethod(info, stack):
			owned = false // others may see the field change
		case from <= use.Pos() && use.Pos() < to && use.Pos() != sel.X.Pos() && !stays(info, stack, use):
			owned = false // let out between the fresh map and x
		}
		return owned
	})
	return owned
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
