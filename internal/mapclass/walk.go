package mapclass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/printing"
)

// builder records the slots and uses of one file.
type builder struct {
	set        *Set
	file       *load.File
	info       *types.Info
	printCalls map[*ast.CallExpr]map[int]printing.Arg // see printCall
}

// declarations creates a slot for every map-typed declaration in the file,
// with the type expression written there.
func (b *builder) declarations() {
	ast.Inspect(b.file.Syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, name := range n.Names {
				b.declare(name, n.Type)
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						b.declare(id, nil)
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						b.declare(id, nil)
					}
				}
			}
		case *ast.StructType:
			for _, f := range n.Fields.List {
				for _, name := range f.Names {
					b.declare(name, f.Type)
				}
			}
		case *ast.FuncDecl:
			if fn, ok := b.info.Defs[n.Name].(*types.Func); ok {
				b.signature(n.Type, fn.Signature(), fn)
				b.receiver(n.Recv, fn)
			}
		case *ast.FuncLit:
			if sig, ok := b.info.TypeOf(n).(*types.Signature); ok {
				b.signature(n.Type, sig, nil)
			}
		}
		return true
	})
}

// declare makes the slot of the variable defined by id.
func (b *builder) declare(id *ast.Ident, typ ast.Expr) *Slot {
	v, ok := b.info.Defs[id].(*types.Var)
	if !ok {
		return nil
	}
	slot := b.set.slotFor(v, b.file)
	if slot != nil && typ != nil {
		slot.TypeExpr = slotTypeExpr(slot, typ)
	}
	return slot
}

// signature makes the slots of a function's parameters and results. Unnamed
// results have no identifier, so they are matched with the signature.
func (b *builder) signature(ft *ast.FuncType, sig *types.Signature, fn *types.Func) {
	mark := func(fields *ast.FieldList, vars *types.Tuple, kind SlotKind) {
		if fields == nil {
			return
		}
		i := 0
		for _, f := range fields.List {
			n := max(len(f.Names), 1)
			for j := 0; j < n && i < vars.Len(); j++ {
				if slot := b.set.slotFor(vars.At(i), b.file); slot != nil {
					slot.Kind, slot.Func, slot.TypeExpr = kind, fn, slotTypeExpr(slot, f.Type)
					if _, ok := f.Type.(*ast.Ellipsis); ok {
						b.set.refuse(slot, f.Pos(), "a variadic parameter of maps is not rewritten")
					}
				}
				i++
			}
		}
	}
	mark(ft.Params, sig.Params(), Param)
	mark(ft.Results, sig.Results(), Result)
}

// receiver makes the slot of a method's receiver when its type is a named
// map type: a parameter, which the values the method is called on flow
// into.
func (b *builder) receiver(recv *ast.FieldList, fn *types.Func) {
	v := fn.Signature().Recv()
	if recv == nil || len(recv.List) != 1 || v == nil || !isMap(v.Type()) {
		return
	}
	if slot := b.set.slotFor(v, b.file); slot != nil {
		slot.Kind, slot.Func, slot.TypeExpr = Param, fn, slotTypeExpr(slot, recv.List[0].Type)
	}
}

// walk records every use of a map-typed expression in the file.
func (b *builder) walk() {
	var stack []ast.Node
	ast.Inspect(b.file.Syntax, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if e, ok := n.(ast.Expr); ok {
			b.expr(e, stack)
		}
		if as, ok := n.(*ast.AssignStmt); ok {
			b.tupleAssign(as.Lhs, as.Rhs, as)
		}
		if vs, ok := n.(*ast.ValueSpec); ok {
			lhs := make([]ast.Expr, len(vs.Names))
			for i, id := range vs.Names {
				lhs[i] = id
			}
			b.tupleAssign(lhs, vs.Values, vs)
		}
		if rs, ok := n.(*ast.RangeStmt); ok {
			b.rangeVars(rs)
		}
		stack = append(stack, n)
		return true
	})
}

// rangeVars refuses the map-typed iteration variables that a range
// statement declares when mapfix does not follow where their values come
// from: the elements of a map of maps, or what a function iterator yields.
// (Variables assigned with = are refused where they are used, and the
// elements of slices, arrays and channels of maps join their container.)
func (b *builder) rangeVars(rs *ast.RangeStmt) {
	if rs.Tok != token.DEFINE {
		return
	}
	t := b.info.TypeOf(rs.X)
	if t == nil || containerElem(t) != nil {
		return
	}
	for _, e := range []ast.Expr{rs.Key, rs.Value} {
		id, _ := e.(*ast.Ident)
		if id == nil {
			continue
		}
		v, _ := b.info.Defs[id].(*types.Var)
		if v == nil || !isMap(v.Type()) {
			continue
		}
		if slot := b.set.slotFor(v, b.file); slot != nil {
			b.set.refuse(slot, id.Pos(), fmt.Sprintf("its value comes from ranging over %s of type %s, which mapfix does not follow", types.ExprString(rs.X), t))
		}
	}
}

// parent returns the nearest enclosing node that is not a parenthesis, and
// its index in stack.
func parent(stack []ast.Node) (ast.Node, int) {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i], i
		}
	}
	return nil, -1
}

// expr classifies one expression: if it is map-typed and not a type, its
// use is recorded and its value flow joins slots.
func (b *builder) expr(e ast.Expr, stack []ast.Node) {
	if _, ok := e.(*ast.ParenExpr); ok {
		return
	}
	tv, ok := b.info.Types[e]
	if !ok || tv.IsType() || tv.Type == nil || !isMap(tv.Type) {
		if ok && !tv.IsType() {
			b.funcValue(e, stack)
			if tv.Type != nil && containerElem(tv.Type) != nil {
				b.containerExpr(e, stack)
			} else {
				b.holderExpr(e, tv, stack)
			}
		}
		return
	}
	if id, ok := e.(*ast.Ident); ok && b.info.Defs[id] != nil {
		return // a declaration, not a use
	}
	if tv.IsNil() {
		return
	}
	src := b.exprSlot(e)
	made := isMake(b.info, e)
	p, pi := parent(stack)
	op, dst, refusal := b.context(e, p, stack[:pi+1])
	use := &Use{Op: op, Expr: e, Node: e, Stack: append([]ast.Node(nil), stack...), File: b.file}
	if op != Flow && op != Nil && op != Make {
		use.Node = p
	}
	switch {
	case src != nil:
		b.set.exprs[e] = src
		b.addUse(use, src)
		if refusal != "" {
			b.set.refuse(src, e.Pos(), refusal)
		}
		b.set.union(src, dst)
	case made && dst != nil:
		use.Op, use.Node = Make, e
		b.addUse(use, dst)
	case dst != nil:
		b.set.refuse(dst, e.Pos(), fmt.Sprintf("its value comes from %s, which mapfix does not follow", describe(e)))
	case op.IsAccess():
		// A map nested where no slot reaches it (outer[k][j] = v, a map
		// in a slice in a map): the access is one of the outermost
		// declaration, which is reported, and refused, so that a race
		// on it is never silent.
		if outer := b.outerSlot(e); outer != nil {
			b.addUse(use, outer)
			b.set.refuse(outer, e.Pos(), "a map nested inside it is used here; mapfix does not rewrite maps nested in maps")
		}
	}
}

// outerSlot returns the slot of the declaration an element expression
// (index, slice, dereference, receive) is ultimately taken from, or nil.
func (b *builder) outerSlot(e ast.Expr) *Slot {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.ARROW {
				return nil
			}
			e = x.X
		default:
			return nil
		}
		if s := b.exprSlot(e); s != nil {
			return s
		}
	}
}

func (b *builder) addUse(u *Use, slot *Slot) {
	b.set.uses = append(b.set.uses, u)
	b.set.useSlot[u] = slot
}

// exprSlot returns the slot an expression names: a variable, a field, or
// the single result of a statically called function.
func (b *builder) exprSlot(e ast.Expr) *Slot {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := b.info.Uses[e].(*types.Var)
		return b.set.slotFor(v, b.file)
	case *ast.SelectorExpr:
		if sel := b.info.Selections[e]; sel != nil {
			if sel.Kind() == types.FieldVal {
				v, _ := sel.Obj().(*types.Var)
				return b.set.slotFor(v, b.file)
			}
			return nil
		}
		v, _ := b.info.Uses[e.Sel].(*types.Var) // pkg.Var
		return b.set.slotFor(v, b.file)
	case *ast.IndexExpr:
		return b.elemSlot(e.X) // an element of a container
	case *ast.SliceExpr:
		return b.elemSlot(e.X) // a slice of one
	case *ast.StarExpr:
		return b.elemSlot(e.X) // a container through a pointer
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return b.elemSlot(e.X) // a receive from a channel
		}
	case *ast.CallExpr:
		if fn := staticCallee(b.info, e); fn != nil {
			sig := fn.Signature()
			if sig.Results().Len() == 1 {
				return b.set.slotFor(sig.Results().At(0), b.file)
			}
		}
	}
	return nil
}

// isMake reports whether e makes a new map: make(...) or a map literal.
func isMake(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if bi, ok := info.Uses[id].(*types.Builtin); ok && bi.Name() == "make" {
				return true
			}
		}
	}
	return false
}

// describe names an expression kind for a refusal message.
func describe(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		return "an element of a container"
	case *ast.StarExpr:
		return "a pointer dereference"
	case *ast.TypeAssertExpr:
		return "a type assertion"
	case *ast.UnaryExpr:
		switch e.Op {
		case token.ARROW:
			return "a channel receive"
		case token.AND:
			return "the address of a variable"
		}
	case *ast.CallExpr:
		return "a call mapfix cannot resolve statically"
	}
	return "an expression"
}

// elemSlot returns the element slot of the container x, or nil when x is
// not a container of maps mapfix follows.
func (b *builder) elemSlot(x ast.Expr) *Slot {
	if t := b.info.TypeOf(x); t != nil && containerElem(t) != nil {
		return b.exprSlot(x)
	}
	return nil
}

// slotTypeExpr returns the map type written for slot in a declaration of
// type typ: typ itself, or for a container's elements the element type.
func slotTypeExpr(slot *Slot, typ ast.Expr) ast.Expr {
	if !slot.Elem {
		return typ
	}
	if _, ok := typ.(*ast.Ellipsis); ok {
		return typ
	}
	if elem := ElemTypeExpr(typ); elem != nil {
		return elem
	}
	return typ
}
