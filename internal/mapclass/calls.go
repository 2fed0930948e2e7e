package mapclass

import (
	"fmt"
	"go/ast"
	"go/types"
)

// callContext classifies a map passed as an argument of call.
func (b *builder) callContext(e ast.Expr, call *ast.CallExpr) (Op, *Slot, string) {
	arg := -1
	for i, a := range call.Args {
		if ast.Unparen(a) == e {
			arg = i
		}
	}
	if arg < 0 {
		return Flow, nil, "it is used in a call mapfix does not follow"
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if bi, ok := b.info.Uses[id].(*types.Builtin); ok {
			switch bi.Name() {
			case "delete":
				return Delete, nil, ""
			case "clear":
				return Clear, nil, ""
			case "len":
				return Len, nil, ""
			}
			return Flow, nil, fmt.Sprintf("it is passed to the builtin %s", bi.Name())
		}
	}
	if tv := b.info.Types[call.Fun]; tv.IsType() {
		return Flow, nil, fmt.Sprintf("it is converted to %s", tv.Type)
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return b.funcLitArg(lit, arg)
	}
	if a, ok := b.printCall(call)[arg]; ok {
		return b.printArg(a, b.info.TypeOf(e))
	}
	fn := staticCallee(b.info, call)
	if fn == nil {
		return Flow, nil, "it is passed to a function value or interface method, which mapfix cannot follow"
	}
	if fn.Pkg() != nil {
		path, name := fn.Pkg().Path(), fn.Name()
		if path == "maps" {
			op, rewritten, _ := MapsArg(name, arg)
			switch {
			case rewritten:
				return op, nil, ""
			case name == "Copy":
				return op, nil, "it is the destination of maps.Copy, which mapfix does not rewrite yet"
			}
			return op, nil, fmt.Sprintf("it is passed to maps.%s, which mapfix does not rewrite", name)
		}
	}
	sig := fn.Signature()
	params := sig.Params()
	if sig.Variadic() && arg >= params.Len()-1 {
		return Flow, nil, fmt.Sprintf("it is passed to the variadic parameter of %s", fn.Name())
	}
	if arg >= params.Len() {
		return Flow, nil, fmt.Sprintf("it is passed to %s in a way mapfix does not follow", fn.Name())
	}
	p := params.At(arg)
	if _, ok := p.Type().(*types.TypeParam); ok || fn.Origin() != fn || sig.TypeParams().Len() > 0 {
		return Flow, nil, fmt.Sprintf("it is passed to the generic function %s", fn.Name())
	}
	if !holdsMaps(p.Type()) {
		return Flow, nil, fmt.Sprintf("it is passed to %s as %s, which mapfix does not follow", fn.FullName(), p.Type())
	}
	slot := b.set.slotFor(p, b.file)
	if slot != nil && slot.Kind == Local {
		slot.Kind, slot.Func = Param, fn // declared outside the loaded files
	}
	return Flow, slot, ""
}

// funcLitArg joins the argument at index arg of a function literal called
// on the spot (go func(m map[K]V) { ... }(m)) with the literal's parameter.
func (b *builder) funcLitArg(lit *ast.FuncLit, arg int) (Op, *Slot, string) {
	sig, ok := b.info.TypeOf(lit).(*types.Signature)
	if !ok {
		return Flow, nil, "it is passed to a function literal mapfix cannot read"
	}
	params := sig.Params()
	if sig.Variadic() && arg >= params.Len()-1 {
		return Flow, nil, "it is passed to the variadic parameter of a function literal"
	}
	if arg >= params.Len() {
		return Flow, nil, "it is passed to a function literal in a way mapfix does not follow"
	}
	return Flow, b.set.slotFor(params.At(arg), b.file), ""
}

// funcValue refuses the map parameters and results of a function that is
// used as a value rather than called: a function value's type cannot change
// under the code that holds it.
func (b *builder) funcValue(e ast.Expr, stack []ast.Node) {
	var obj types.Object
	switch e := e.(type) {
	case *ast.FuncLit:
		b.funcLitValue(e, stack)
		return
	case *ast.Ident:
		obj = b.info.Uses[e]
	case *ast.SelectorExpr:
		if sel := b.info.Selections[e]; sel != nil {
			obj = sel.Obj()
		} else {
			obj = b.info.Uses[e.Sel] // pkg.Func
		}
	default:
		return
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return
	}
	if p, _ := parent(stack); p != nil {
		if call, ok := p.(*ast.CallExpr); ok && ast.Unparen(call.Fun) == e {
			return
		}
		if sel, ok := p.(*ast.SelectorExpr); ok && sel.Sel == e {
			return // handled at the selector
		}
	}
	sig := fn.Signature()
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tuple.Variables() {
			if slot := b.set.slotFor(v, b.file); slot != nil {
				b.set.refuse(slot, e.Pos(), fmt.Sprintf("%s is used as a function value, so its signature cannot change", fn.Name()))
			}
		}
	}
}

// funcLitValue refuses the map parameters and results of a function
// literal that is not called on the spot (s.view(func(m map[K]V) {...})):
// the literal's type must match the function type it is given to, which
// is written elsewhere and does not change with the literal.
func (b *builder) funcLitValue(lit *ast.FuncLit, stack []ast.Node) {
	if p, _ := parent(stack); p != nil {
		if call, ok := p.(*ast.CallExpr); ok && ast.Unparen(call.Fun) == lit {
			return
		}
	}
	sig, ok := b.info.TypeOf(lit).(*types.Signature)
	if !ok {
		return
	}
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tuple.Variables() {
			if slot := b.set.slotFor(v, b.file); slot != nil {
				b.set.refuse(slot, lit.Pos(), "it is a parameter or result of a function literal used as a value, whose type must stay that of the function type it is given to")
			}
		}
	}
}

// isBuiltin reports whether call calls the builtin function name.
func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	bi := builtin(info, call)
	return bi != nil && bi.Name() == name
}

// builtin returns the builtin function call calls, or nil.
func builtin(info *types.Info, call *ast.CallExpr) *types.Builtin {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	bi, _ := info.Uses[id].(*types.Builtin)
	return bi
}
