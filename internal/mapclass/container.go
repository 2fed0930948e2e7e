package mapclass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// Containers of maps (slices, arrays and channels whose elements are maps)
// get one slot for their elements: every map stored into a container, read
// out of it, sent or received joins the container's element slot, and
// containers that share values (assignment, call, return, append, copy)
// join their element slots too. Maps of maps are not containers here: the
// outer map is a class of its own.

// containerElem returns the map type of a container's elements, or nil when
// t is not a slice, array or channel of maps. Containers nest ([][]map,
// chan []map) and may be reached through a pointer (*[4]map): the maps at
// the bottom are the elements, whatever the depth.
func containerElem(t types.Type) *types.Map {
	for depth := 0; depth < 8; depth++ { // a bound, for types like type T []T
		switch u := t.Underlying().(type) {
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Chan:
			t = u.Elem()
		case *types.Pointer:
			switch u.Elem().Underlying().(type) {
			case *types.Slice, *types.Array, *types.Map:
				// *map[K]V holds one map, reached as *p.
				t = u.Elem()
			default:
				return nil
			}
		case *types.Map:
			if depth == 0 {
				return nil // a map, not a container
			}
			return u
		default:
			return nil
		}
	}
	return nil
}

// holdsMaps reports whether a declaration of type t gets a slot: a map, or
// a container of maps.
func holdsMaps(t types.Type) bool {
	return isMap(t) || containerElem(t) != nil
}

// ElemTypeExpr returns the map type written at the bottom of a container
// type expression ([]map[K]V, [n]map[K]V, chan map[K]V, [][]map[K]V,
// *[n]map[K]V), or nil when the type is not written out to a map type.
func ElemTypeExpr(typ ast.Expr) *ast.MapType {
	for depth := 0; depth < 8; depth++ {
		switch t := ast.Unparen(typ).(type) {
		case *ast.ArrayType:
			typ = t.Elt
		case *ast.ChanType:
			typ = t.Value
		case *ast.StarExpr:
			typ = t.X
		case *ast.MapType:
			if depth == 0 {
				return nil
			}
			return t
		default:
			return nil
		}
	}
	return nil
}

// containerExpr records the flow of a container-typed expression: the
// container slot it names joins the one it flows into, a container made
// here becomes a Make use (its written element type changes with the
// class), and a flow mapfix cannot follow refuses the class.
func (b *builder) containerExpr(e ast.Expr, stack []ast.Node) {
	if id, ok := e.(*ast.Ident); ok && b.info.Defs[id] != nil {
		return
	}
	if b.info.Types[e].IsNil() {
		return
	}
	src := b.exprSlot(e)
	p, pi := parent(stack)
	op, dst, refusal := b.containerContext(e, p, stack[:pi+1])
	slot := src
	if slot == nil {
		slot = dst
	}
	if slot == nil {
		return
	}
	use := &Use{Op: op, Expr: e, Node: e, Stack: append([]ast.Node(nil), stack...), File: b.file}
	switch {
	case src == nil && isMake(b.info, e):
		use.Op = Make
		b.addUse(use, slot)
	case src == nil && !isAppend(b.info, e):
		// A container from somewhere mapfix does not follow (a map
		// value, a type assertion, a conversion): its type cannot change.
		b.set.refuse(slot, e.Pos(), fmt.Sprintf("its value comes from %s, which mapfix does not follow", describe(e)))
	case op == Print:
		use.Node = p
		b.addUse(use, slot)
	}
	if refusal != "" {
		b.set.refuse(slot, e.Pos(), refusal)
	}
	b.set.union(src, dst)
}

// containerContext is context for a container of maps: what the parent p
// does with e, and the container slot e's value flows into.
func (b *builder) containerContext(e ast.Expr, p ast.Node, stack []ast.Node) (Op, *Slot, string) {
	switch p := p.(type) {
	case *ast.IndexExpr:
		if ast.Unparen(p.X) == e {
			return Flow, nil, "" // the element is a map expression of its own
		}
	case *ast.SliceExpr:
		if ast.Unparen(p.X) == e {
			return Flow, nil, "" // the slice expression names the same slot
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			return Flow, nil, "" // the received map names the same slot
		}
	case *ast.StarExpr:
		return Flow, nil, "" // the container through a pointer names the same slot
	case *ast.SendStmt:
		if ast.Unparen(p.Chan) == e {
			return Flow, nil, ""
		}
	case *ast.RangeStmt:
		if ast.Unparen(p.X) == e {
			return b.rangeElem(e, p)
		}
	case *ast.CallExpr:
		if op, dst, refusal, ok := b.containerCall(e, p, stack); ok {
			return op, dst, refusal
		}
	}
	op, dst, refusal := b.context(e, p, stack)
	if op != Nil {
		op = Flow
	}
	return op, dst, refusal
}

// rangeElem joins the iteration variable that receives a container's
// elements with the container.
func (b *builder) rangeElem(e ast.Expr, rs *ast.RangeStmt) (Op, *Slot, string) {
	v := rs.Value
	if _, ok := b.info.TypeOf(e).Underlying().(*types.Chan); ok {
		v = rs.Key
	}
	if v == nil {
		return Flow, nil, ""
	}
	if rs.Tok == token.DEFINE {
		id, _ := v.(*ast.Ident)
		if id == nil || id.Name == "_" {
			return Flow, nil, ""
		}
		obj, _ := b.info.Defs[id].(*types.Var)
		return Flow, b.set.slotFor(obj, b.file), ""
	}
	return b.flowTo(v)
}

// containerCall handles the builtins and printers a container is passed
// to; ok is false for other calls, which context classifies.
func (b *builder) containerCall(e ast.Expr, call *ast.CallExpr, stack []ast.Node) (op Op, dst *Slot, refusal string, ok bool) {
	arg := -1
	for i, a := range call.Args {
		if ast.Unparen(a) == e {
			arg = i
		}
	}
	if arg < 0 {
		return 0, nil, "", false
	}
	if bi := builtin(b.info, call); bi != nil {
		switch bi.Name() {
		case "len", "cap", "close", "clear":
			return Flow, nil, "", true
		case "copy":
			if arg == 0 {
				return Flow, nil, "", true
			}
			if d := b.exprSlot(call.Args[0]); d != nil {
				return Flow, d, "", true
			}
			return Flow, nil, "it is copied into a container mapfix does not follow", true
		case "append":
			if arg == 0 || call.Ellipsis.IsValid() {
				d, r := b.containerDst(call, stack)
				return Flow, d, r, true
			}
		}
		return Flow, nil, fmt.Sprintf("it is passed to the builtin %s", bi.Name()), true
	}
	if a, ok := b.printCall(call)[arg]; ok {
		op, _, refusal := b.printArg(a, b.info.TypeOf(call.Args[arg]))
		return op, nil, refusal, true
	}
	return 0, nil, "", false
}

// containerDst returns the container slot that the value of x (a container
// literal, make or append call; stack holds x's enclosing nodes) flows
// into, or why there is none.
func (b *builder) containerDst(x ast.Expr, stack []ast.Node) (*Slot, string) {
	if s := b.exprSlot(x); s != nil {
		return s, ""
	}
	p, pi := parent(stack)
	if p == nil {
		return nil, "it is stored in a container mapfix does not follow"
	}
	_, dst, refusal := b.containerContext(x, p, stack[:pi+1])
	if dst == nil && refusal == "" {
		refusal = "it is stored in a container mapfix does not follow"
	}
	return dst, refusal
}

// elementDst returns the container slot that a map stored as an element of
// a composite literal flows into. stack holds e's enclosing nodes.
func (b *builder) elementDst(lit *ast.CompositeLit, stack []ast.Node) (*Slot, string) {
	if containerElem(b.info.TypeOf(lit)) == nil {
		return nil, "it is stored as an element of a map literal, which mapfix does not follow"
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == lit {
			return b.containerDst(lit, stack[:i])
		}
	}
	return nil, "it is stored in a container mapfix does not follow"
}

// isAppend reports whether e is a call of the builtin append, whose
// result is the container of its first argument (joined by containerCall).
func isAppend(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && isBuiltin(info, call, "append")
}
