package mapclass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// context says what the parent node p does with the map expression e: the
// operation, the slot e's value flows into (if any), and a reason the class
// cannot be rewritten (if any).
func (b *builder) context(e ast.Expr, p ast.Node, stack []ast.Node) (op Op, dst *Slot, refusal string) {
	gp, _ := parent(stack[:len(stack)-1])
	switch p := p.(type) {
	case *ast.IndexExpr:
		if ast.Unparen(p.X) != e {
			break
		}
		switch gp := gp.(type) {
		case *ast.AssignStmt:
			for _, l := range gp.Lhs {
				if ast.Unparen(l) == p {
					return Write, nil, ""
				}
			}
		case *ast.IncDecStmt:
			return Write, nil, ""
		case *ast.RangeStmt:
			// for k, m[i] = range xs assigns m[i] on every iteration.
			if ast.Unparen(gp.Key) == p || ast.Unparen(gp.Value) == p {
				return Write, nil, ""
			}
		case *ast.UnaryExpr:
			if gp.Op == token.AND {
				break
			}
		}
		return Read, nil, ""
	case *ast.CallExpr:
		if isBuiltin(b.info, p, "append") && len(p.Args) > 0 && ast.Unparen(p.Args[0]) != e {
			dst, refusal := b.containerDst(p, stack[:len(stack)-1])
			return Flow, dst, refusal
		}
		return b.callContext(e, p)
	case *ast.RangeStmt:
		if ast.Unparen(p.X) == e {
			return Range, nil, ""
		}
	case *ast.AssignStmt:
		for i, l := range p.Lhs {
			if ast.Unparen(l) == e {
				if len(p.Rhs) == len(p.Lhs) && b.info.Types[p.Rhs[i]].IsNil() {
					return Nil, nil, ""
				}
				return Flow, nil, "" // the right-hand side joins the slots
			}
		}
		if len(p.Lhs) == len(p.Rhs) {
			for i, r := range p.Rhs {
				if ast.Unparen(r) == e {
					if p.Tok != token.ASSIGN && p.Tok != token.DEFINE {
						break
					}
					return b.flowTo(p.Lhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if ast.Unparen(v) == e && len(p.Names) == len(p.Values) {
				return b.flowTo(p.Names[i])
			}
		}
	case *ast.ReturnStmt:
		return b.returnContext(e, p, stack)
	case *ast.KeyValueExpr:
		if ast.Unparen(p.Value) != e {
			break
		}
		if lit, ok := gp.(*ast.CompositeLit); ok {
			if litStruct(b.info, lit) != nil {
				if id, ok := p.Key.(*ast.Ident); ok {
					v, _ := b.info.Uses[id].(*types.Var)
					return Flow, b.set.slotFor(v, b.file), ""
				}
			}
		}
		if lit, ok := gp.(*ast.CompositeLit); ok {
			dst, refusal := b.elementDst(lit, stack)
			return Flow, dst, refusal
		}
		return Flow, nil, "it is stored in a composite literal mapfix does not follow"
	case *ast.CompositeLit:
		if st := litStruct(b.info, p); st != nil {
			for i, elt := range p.Elts {
				if ast.Unparen(elt) == e && i < st.NumFields() {
					return Flow, b.set.slotFor(st.Field(i), b.file), ""
				}
			}
		}
		dst, refusal := b.elementDst(p, stack)
		return Flow, dst, refusal
	case *ast.BinaryExpr:
		if (p.Op == token.EQL || p.Op == token.NEQ) &&
			(b.info.Types[p.X].IsNil() || b.info.Types[p.Y].IsNil()) {
			return Nil, nil, ""
		}
	case *ast.SendStmt:
		if ast.Unparen(p.Value) == e {
			if dst := b.exprSlot(p.Chan); dst != nil {
				return Flow, dst, ""
			}
			return Flow, nil, "it is sent on a channel mapfix does not follow"
		}
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			// &m: the pointer holds the map, and *p names it wherever
			// the pointer goes. The accesses through it are this class's;
			// the rewrite does not follow pointers to maps.
			dst, _ := b.containerDst(p, stack[:len(stack)-1])
			return Flow, dst, "its address is taken"
		}
	case *ast.SelectorExpr:
		if recv := b.mapReceiver(p); recv != nil && ast.Unparen(p.X) == e {
			// s.Add(k) on a named map type declared here: the map flows
			// into the method's receiver, where its accesses are.
			return Flow, b.set.slotFor(recv, b.file), ""
		}
	}
	return Flow, nil, fmt.Sprintf("it is used in a %s, which mapfix does not follow", nodeName(p))
}

// flowTo returns the slot an assignment's left-hand side names.
func (b *builder) flowTo(lhs ast.Expr) (Op, *Slot, string) {
	lhs = ast.Unparen(lhs)
	if id, ok := lhs.(*ast.Ident); ok {
		if id.Name == "_" {
			return Flow, nil, ""
		}
		obj := b.info.Defs[id]
		if obj == nil {
			obj = b.info.Uses[id]
		}
		v, _ := obj.(*types.Var)
		if v != nil && !holdsMaps(v.Type()) {
			return Flow, nil, fmt.Sprintf("it is assigned to %s of type %s", v.Name(), v.Type())
		}
		return Flow, b.set.slotFor(v, b.file), ""
	}
	if slot := b.exprSlot(lhs); slot != nil {
		return Flow, slot, ""
	}
	if t := b.info.TypeOf(lhs); t != nil && !holdsMaps(t) {
		return Flow, nil, fmt.Sprintf("it is assigned to a location of type %s", t)
	}
	return Flow, nil, "it is stored in an element of a container mapfix does not follow"
}

// tupleAssign joins the slots of a multi-value assignment from a call.
func (b *builder) tupleAssign(lhs, rhs []ast.Expr, n ast.Node) {
	if len(rhs) != 1 || len(lhs) < 2 {
		return
	}
	call, isCall := ast.Unparen(rhs[0]).(*ast.CallExpr)
	var results *types.Tuple
	if isCall {
		if fn := staticCallee(b.info, call); fn != nil {
			results = fn.Signature().Results()
		}
	}
	for i, l := range lhs {
		t := b.info.TypeOf(l)
		if t == nil || !holdsMaps(t) {
			continue
		}
		_, dst, _ := b.flowTo(l)
		if dst == nil {
			continue
		}
		if results != nil && i < results.Len() {
			b.set.union(dst, b.set.slotFor(results.At(i), b.file))
			continue
		}
		if i == 0 && !isCall {
			// m, ok := <-ch (also in a select case), a comma-ok index of
			// a container: the first value is the element.
			if src := b.exprSlot(rhs[0]); src != nil {
				b.set.union(dst, src)
				continue
			}
		}
		b.set.refuse(dst, l.Pos(), fmt.Sprintf("its value comes from %s, which mapfix does not follow", describe(rhs[0])))
	}
}

// returnContext joins a returned map with the enclosing function's result.
func (b *builder) returnContext(e ast.Expr, r *ast.ReturnStmt, stack []ast.Node) (Op, *Slot, string) {
	var sig *types.Signature
	for i := len(stack) - 1; i >= 0 && sig == nil; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			sig, _ = b.info.TypeOf(f.Name).(*types.Signature)
		case *ast.FuncLit:
			sig, _ = b.info.TypeOf(f).(*types.Signature)
		}
	}
	if sig == nil || len(r.Results) != sig.Results().Len() {
		return Flow, nil, "it is returned in a way mapfix does not follow"
	}
	for i, res := range r.Results {
		if ast.Unparen(res) == e {
			v := sig.Results().At(i)
			if !holdsMaps(v.Type()) {
				return Flow, nil, fmt.Sprintf("it is returned as %s", v.Type())
			}
			return Flow, b.set.slotFor(v, b.file), ""
		}
	}
	return Flow, nil, "it is returned in a way mapfix does not follow"
}

// nodeName is a short name of a syntax node's kind for messages.
func nodeName(n ast.Node) string {
	s := fmt.Sprintf("%T", n)
	if i := len("*ast."); len(s) > i {
		s = s[i:]
	}
	return s
}

// litStruct returns the struct type a composite literal builds, or nil. A
// literal whose type an outer literal elides as a pointer ({...} in
// []*T{{...}}) has the type *T, but builds a T.
func litStruct(info *types.Info, lit *ast.CompositeLit) *types.Struct {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	if ptr, ok := t.Underlying().(*types.Pointer); ok && lit.Type == nil {
		t = ptr.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// mapReceiver returns the receiver of the method that sel selects when
// the method belongs to a named map type declared in the loaded code (a
// value receiver), or nil. Methods of a dependency's map types (the
// receivers of http.Header's methods) would join every value of the type
// into one class, and their bodies are not loaded anyway.
func (b *builder) mapReceiver(sel *ast.SelectorExpr) *types.Var {
	s := b.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return nil
	}
	recv := fn.Signature().Recv()
	if recv == nil || !isMap(recv.Type()) || recv.Name() == "" || recv.Name() == "_" {
		return nil
	}
	if f := b.set.prog.FileOf(recv.Pos()); f == nil || !f.Writable {
		return nil
	}
	return recv
}
