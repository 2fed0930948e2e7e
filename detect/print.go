package detect

import (
	"go/ast"
	"go/types"
	"reflect"

	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/types/typeutil"
)

// Printing. fmt and encoding/json read a map passed to them through
// reflection; mapclass records that as a Print use when the argument is the
// map itself. Printing a struct (or a pointer to one) that holds the map
// reads it as well, without naming it: those reads are found here and
// added to the field's class.
//
// What each package reads, following its documented rules:
//   - fmt: the argument, a pointer at the top level (fmt prints &{...}),
//     struct fields, array and slice elements, recursively; it stops at a
//     value with a String, Error or Format method (except at unexported
//     fields, whose methods fmt cannot call), and does not follow nested
//     pointers, which it prints as addresses.
//   - encoding/json: exported fields not tagged "-", embedded structs,
//     pointers at any depth, array and slice elements; it stops at a value
//     with a MarshalJSON or MarshalText method.

// printFuncs are the calls that print or marshal their arguments, by
// calleeName.
var printFuncs = map[string]printer{}

type printer int

const (
	printFmt printer = iota + 1
	printJSON
)

func init() {
	for _, n := range []string{"Print", "Println", "Printf", "Sprint", "Sprintln", "Sprintf",
		"Fprint", "Fprintln", "Fprintf", "Errorf", "Append", "Appendln", "Appendf"} {
		printFuncs["fmt."+n] = printFmt
	}
	for _, n := range []string{"Print", "Println", "Printf", "Fatal", "Fatalln", "Fatalf", "Panic", "Panicln", "Panicf"} {
		printFuncs["log."+n] = printFmt
		printFuncs["log.Logger."+n] = printFmt
	}
	printFuncs["encoding/json.Marshal"] = printJSON
	printFuncs["encoding/json.MarshalIndent"] = printJSON
	printFuncs["encoding/json.Encoder.Encode"] = printJSON
}

// extraUse is a use of a map that no class records among its uses: a
// read of a map field by a print of a value holding it, or an access made
// straight on a map loaded from an atomic (published.go).
type extraUse struct {
	use *mapclass.Use
	fn  *funcNode
}

// printAccesses finds the prints of values that hold map fields, by the
// fields' classes.
func (a *analysis) printAccesses(classes *mapclass.Set) map[*mapclass.Class][]*extraUse {
	out := make(map[*mapclass.Class][]*extraUse)
	for _, f := range a.prog.Files() {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || call.Ellipsis.IsValid() {
				return true
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			kind := printFuncs[calleeName(fn)]
			if kind == 0 {
				return true
			}
			owner := a.g.enclosing(stack)
			if owner == nil {
				return true // a package-level initialiser: runs before any goroutine
			}
			for _, arg := range call.Args {
				t := info.TypeOf(arg)
				if t == nil {
					continue
				}
				if _, isMap := t.Underlying().(*types.Map); isMap {
					continue // mapclass records it
				}
				seen := make(map[*types.Var]bool)
				visit := func(field *types.Var) {
					if seen[field] {
						return
					}
					seen[field] = true
					c := classes.ClassOf(field)
					if c == nil {
						return
					}
					use := &mapclass.Use{Op: mapclass.Print, Expr: arg, Node: call, Stack: append(append([]ast.Node(nil), stack...), call), File: f}
					out[c] = append(out[c], &extraUse{use: use, fn: owner})
				}
				w := &typeWalk{visit: visit, seen: make(map[types.Type]bool)}
				if kind == printFmt {
					w.fmt(t, true, true)
				} else {
					w.json(t)
				}
			}
			return true
		})
	}
	return out
}

// typeWalk finds the map fields a print reaches in a type.
type typeWalk struct {
	visit func(*types.Var)
	seen  map[types.Type]bool
}

// fmt follows fmt's rules; top is set for the argument itself, callable
// when fmt may call the value's methods.
func (w *typeWalk) fmt(t types.Type, top, callable bool) {
	if callable && (hasMethod(t, "String") || hasMethod(t, "Error") || hasMethod(t, "Format")) {
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		if top {
			w.fmt(u.Elem(), false, true)
		}
	case *types.Struct:
		if w.seen[t] {
			return
		}
		w.seen[t] = true
		for f := range u.Fields() {
			if _, ok := f.Type().Underlying().(*types.Map); ok {
				w.visit(f)
				continue
			}
			w.fmt(f.Type(), false, callable && f.Exported())
		}
	case *types.Array:
		w.fmt(u.Elem(), false, callable)
	case *types.Slice:
		w.fmt(u.Elem(), false, callable)
	}
}

// json follows encoding/json's rules.
func (w *typeWalk) json(t types.Type) {
	if hasMethod(t, "MarshalJSON") || hasMethod(t, "MarshalText") ||
		hasMethod(types.NewPointer(t), "MarshalJSON") || hasMethod(types.NewPointer(t), "MarshalText") {
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		w.json(u.Elem())
	case *types.Struct:
		if w.seen[t] {
			return
		}
		w.seen[t] = true
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if reflect.StructTag(u.Tag(i)).Get("json") == "-" {
				continue // omitted; "-," would name the field "-"
			}
			_, isMap := f.Type().Underlying().(*types.Map)
			switch {
			case f.Exported() && isMap:
				w.visit(f)
			case f.Exported():
				w.json(f.Type())
			case f.Embedded():
				// An unexported embedded struct: json promotes its
				// exported fields.
				if _, ok := derefStruct(f.Type()); ok {
					w.json(f.Type())
				}
			}
		}
	case *types.Array:
		w.json(u.Elem())
	case *types.Slice:
		w.json(u.Elem())
	}
}

// derefStruct returns the struct type t is or points to.
func derefStruct(t types.Type) (*types.Struct, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// hasMethod reports whether the method set of t has a method called name.
func hasMethod(t types.Type, name string) bool {
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if ms.At(i).Obj().Name() == name {
			return true
		}
	}
	return false
}

// extraAccesses returns the accesses of c that its uses do not show: the
// reads by prints of values holding it, and the accesses of the other
// classes that hold the same published map.
func (a *analysis) extraAccesses(c *mapclass.Class) []*access {
	var out []*access
	for _, p := range a.prints[c] {
		ac := &access{use: p.use, fn: p.fn, ctxs: a.cx.of[p.fn]}
		ac.held = a.heldAt(p.fn, p.use.Expr)
		ac.keys = accessKeys(p.use.File.Package.TypesInfo, p.use.Expr, ac.held, false)
		out = append(out, ac)
	}
	return append(out, a.publishedAccesses(c)...)
}
