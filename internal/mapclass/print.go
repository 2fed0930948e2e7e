package mapclass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/printing"
	"golang.org/x/tools/go/types/typeutil"
)

// Printing and reflection. A rewritten map is a *shardedmap.Map, which
// fmt formats and encoding/json encodes exactly as the map it replaces
// wherever they can call its methods (package printing says where that
// is). Everywhere else the output, or what reflection sees, changes, so
// the class is refused there:
//   - %T of the map (or of a value whose type spells the map's type out,
//     such as []map[K]V or struct{ m map[K]V }) prints the new type; %p of
//     the map prints the new pointer; %w, or an argument no verb uses,
//     prints the type too; a format that is not a constant could be any
//     of these;
//   - fmt reads an unexported field with reflection only, so a map in one
//     prints as a pointer's address;
//   - json omits an empty map tagged omitempty, but not an empty
//     *shardedmap.Map;
//   - a value holding the map passed as an empty interface to a function
//     that inspects it with reflection (reflect.DeepEqual, text/template,
//     encoders other than encoding/json, or a function of the program that
//     passes it on to one) sees the new type. A value that only goes
//     into an any to be stored and asserted back (context values, caches)
//     does not change, and is not refused.
// Prints that read a map also record a Print use; %T and %p of the map
// itself read no entry and record a Nil use (the map value, not its
// contents).

// printArg classifies a map (or a container of maps) of type t that a
// call prints as a says: a Print use, or a Nil use when only %T or %p
// name it, and the reason it cannot be rewritten, if there is one.
func (b *builder) printArg(a printing.Arg, t types.Type) (Op, *Slot, string) {
	if a.Kind == printing.JSON {
		return Print, nil, ""
	}
	if msg := badVerbs(a, t); msg != "" {
		if reads(a) {
			return Print, nil, msg
		}
		return Nil, nil, msg
	}
	if !reads(a) {
		return Nil, nil, ""
	}
	return Print, nil, ""
}

// reads reports whether printing with a's verbs reads the map's entries.
func reads(a printing.Arg) bool {
	if a.Unknown || len(a.Verbs) == 0 {
		return true
	}
	for _, v := range a.Verbs {
		if v.Rune != 'T' && v.Rune != 'p' {
			return true
		}
	}
	return false
}

// badVerbs says why printing a map (or a container of maps) of type t
// with a's verbs prints differently after the rewrite, or "".
func badVerbs(a printing.Arg, t types.Type) string {
	newType := "the type *shardedmap.Map"
	if !isMap(t) {
		newType = "the new element type"
	}
	switch {
	case a.Unknown:
		return "it is printed with a format string that is not a constant, so mapfix cannot tell that it is not printed with %T or %p, which print differently after the rewrite"
	case len(a.Verbs) == 0:
		return fmt.Sprintf("it is an argument that no verb of the format uses, which fmt prints with its type (%%!(EXTRA ...)): after the rewrite that is %s", newType)
	case a.Has('T'):
		return fmt.Sprintf("it is printed with %%T, which prints %s after the rewrite", newType)
	case a.Has('p') && isMap(t):
		return "it is printed with %p, which prints the address of the new *shardedmap.Map after the rewrite"
	case a.Has('w'):
		return "it is printed with %w, which fmt prints with its type, the type *shardedmap.Map after the rewrite"
	}
	return ""
}

// holderExpr refuses the classes of the map fields that a value holding
// them (a struct, a pointer to one, a slice of them...) would show
// differently after the rewrite: printed by fmt where fmt cannot call
// their methods, spelled out by %T, encoded by json with omitempty, or
// given to a function that inspects it with reflection.
func (b *builder) holderExpr(e ast.Expr, tv types.TypeAndValue, stack []ast.Node) {
	if tv.IsType() || tv.Type == nil || tv.IsNil() || types.IsInterface(tv.Type) {
		return
	}
	if len(b.set.reach(tv.Type)) == 0 {
		return // no map field anywhere inside: most values
	}
	call, ok := nodeAt(stack).(*ast.CallExpr)
	if !ok {
		return
	}
	i := argIndex(call, e)
	if i < 0 {
		return
	}
	if args := b.printCall(call); args != nil {
		if a, ok := args[i]; ok {
			b.printedHolder(e, tv.Type, a)
			return
		}
	}
	fn, _ := typeutil.Callee(b.info, call).(*types.Func)
	if fn == nil {
		return
	}
	sig := fn.Signature()
	param := i
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		param = sig.Params().Len() - 1
	}
	if param >= sig.Params().Len() || !isEmptyInterface(paramType(sig, param)) || !b.set.printing.Reflects(fn, param) {
		return
	}
	for _, r := range b.set.reach(tv.Type) {
		b.refuseField(r.Field, e.Pos(), fmt.Sprintf("a value of type %s that holds it is passed to %s, which inspects it with reflection and would see a *shardedmap.Map instead of the map", b.typeString(tv.Type), funcName(fn)))
	}
}

// nodeAt returns the nearest enclosing node that is not a parenthesis.
func nodeAt(stack []ast.Node) ast.Node {
	p, _ := parent(stack)
	return p
}

// paramType returns the type of a parameter, the element type for the
// variadic one.
func paramType(sig *types.Signature, i int) types.Type {
	t := sig.Params().At(i).Type()
	if s, ok := t.(*types.Slice); ok && sig.Variadic() && i == sig.Params().Len()-1 {
		return s.Elem()
	}
	return t
}

// funcName names a function for a message: pkg.Func or (pkg.T).Method.
func funcName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return fmt.Sprintf("(%s.%s).%s", n.Obj().Pkg().Name(), n.Obj().Name(), fn.Name())
		}
	}
	if fn.Pkg() != nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// printedHolder refuses the fields of a printed holder whose output would
// change.
func (b *builder) printedHolder(e ast.Expr, t types.Type, a printing.Arg) {
	name := b.typeString(t)
	if a.Kind == printing.JSON || a.Kind == printing.Slog {
		for _, r := range printing.Fields(t, printing.JSONRule) {
			if r.OmitEmpty {
				b.refuseField(r.Field, e.Pos(), fmt.Sprintf("json encodes a value of type %s here, and %s is tagged omitempty: json leaves out an empty map but not an empty *shardedmap.Map", name, r.Field.Name()))
			}
		}
		if a.Kind == printing.JSON {
			return
		}
	}
	verbs := a.Verbs
	if a.Unknown || len(verbs) == 0 {
		// Any verb (an unknown format), or %!(EXTRA type=value).
		verbs = []printing.Verb{{Rune: 'v'}, {Rune: 'T'}}
	}
	for _, v := range verbs {
		if v.Rune == 'T' {
			for _, f := range printing.SpelledFields(t) {
				b.refuseField(f, e.Pos(), fmt.Sprintf("the type %s, which spells out the type of %s, is printed here (%%T or a type in fmt's output): it changes with the rewrite", name, f.Name()))
			}
			continue
		}
		for _, r := range printing.FieldsFmt(t, v) {
			if !r.Methods {
				b.refuseField(r.Field, e.Pos(), fmt.Sprintf("fmt prints a value of type %s here and reaches %s through an unexported field, where it cannot call the Format method of a *shardedmap.Map: it would print an address instead of the map", name, r.Field.Name()))
			}
		}
	}
}

// printCall returns how call prints its arguments (nil if it does not),
// once per call.
func (b *builder) printCall(call *ast.CallExpr) map[int]printing.Arg {
	if args, ok := b.printCalls[call]; ok {
		return args
	}
	args := b.set.printing.Call(b.info, call)
	if b.printCalls == nil {
		b.printCalls = make(map[*ast.CallExpr]map[int]printing.Arg)
	}
	b.printCalls[call] = args
	return args
}

// refuseField refuses the class of a field, if the field has a slot.
func (b *builder) refuseField(f *types.Var, pos token.Pos, msg string) {
	key := load.ObjectKey(b.set.prog.Fset, f)
	for _, k := range []string{key, key + "[]"} {
		if slot := b.set.slots[k]; slot != nil {
			b.set.refuse(slot, pos, msg)
		}
	}
}

// reach returns the map fields reflection reaches from a value of type t.
func (s *Set) reach(t types.Type) []printing.Reached {
	if r, ok := s.reached.At(t).([]printing.Reached); ok {
		return r
	}
	r := printing.Fields(t, printing.ReflectRule)
	s.reached.Set(t, r)
	return r
}

func (b *builder) typeString(t types.Type) string {
	return types.TypeString(t, types.RelativeTo(b.file.Package.Types))
}

// argIndex returns the index of e among call's arguments, or -1.
func argIndex(call *ast.CallExpr, e ast.Expr) int {
	for i, a := range call.Args {
		if ast.Unparen(a) == e {
			return i
		}
	}
	return -1
}

func isEmptyInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty() && !it.IsComparable()
}
