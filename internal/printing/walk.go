package printing

import (
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A Reached is a struct field holding maps (a map, or a slice, array or
// channel of maps) that printing or inspecting a value reads.
type Reached struct {
	Field *types.Var
	// Methods reports whether fmt can call the methods of the field's
	// value: every field on the way to it is exported. At an unexported
	// field fmt reads the value through reflection only, so a pointer
	// there prints as an address. Always true for JSON.
	Methods bool
	// OmitEmpty reports that the field's json tag has omitempty: json
	// leaves out an empty map, but only a nil pointer.
	OmitEmpty bool
}

// Rule says which reads to follow in Fields.
type Rule int

// The rules Fields follows.
const (
	// FmtRule is fmt printing the value with a verb (FieldsFmt).
	FmtRule Rule = iota + 1
	// JSONRule is encoding/json marshalling the value.
	JSONRule
	// ReflectRule is package reflect, or anything built on it (templates,
	// reflect.DeepEqual, other encoders), given the value: every field,
	// exported or not, through pointers at any depth.
	ReflectRule
)

// FieldsFmt returns the fields holding maps that fmt reads when it formats
// a value of type t with verb. %T and %p read nothing (%p of a value that
// is not a pointer, channel, function, slice or map prints it with %v as
// a bad verb).
func FieldsFmt(t types.Type, verb Verb) []Reached {
	switch verb.Rune {
	case 'T':
		return nil
	case 'p':
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Chan, *types.Signature, *types.Slice, *types.Map:
			return nil
		}
		if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.UnsafePointer {
			return nil
		}
		verb = Verb{Rune: 'v'}
	}
	w := &walker{seen: make(map[seenKey]bool), verb: verb}
	w.fmt(t, true, true)
	return w.out
}

// Fields returns the fields holding maps that a read by rule of a value of
// type t reaches. For FmtRule it assumes %v.
func Fields(t types.Type, rule Rule) []Reached {
	w := &walker{seen: make(map[seenKey]bool), verb: Verb{Rune: 'v'}}
	switch rule {
	case FmtRule:
		w.fmt(t, true, true)
	case JSONRule:
		w.json(t)
	case ReflectRule:
		w.reflect(t)
	}
	return w.out
}

// SpelledFields returns the fields holding maps whose types are written
// out in the name fmt's %T prints for t: %T names a defined type by its
// name, so only fields of struct types written in place (struct{ m
// map[K]V }, []struct{...}) change what it prints.
func SpelledFields(t types.Type) []*types.Var {
	var out []*types.Var
	seen := make(map[types.Type]bool)
	var walk func(types.Type)
	walk = func(t types.Type) {
		t = types.Unalias(t)
		if seen[t] {
			return
		}
		seen[t] = true
		switch u := t.(type) {
		case *types.Pointer:
			walk(u.Elem())
		case *types.Slice:
			walk(u.Elem())
		case *types.Array:
			walk(u.Elem())
		case *types.Chan:
			walk(u.Elem())
		case *types.Map:
			walk(u.Key())
			walk(u.Elem())
		case *types.Signature:
			for _, tup := range []*types.Tuple{u.Params(), u.Results()} {
				for v := range tup.Variables() {
					walk(v.Type())
				}
			}
		case *types.Struct:
			for f := range u.Fields() {
				if HoldsMaps(f.Type()) {
					out = append(out, f)
				}
				walk(f.Type())
			}
		}
	}
	walk(t)
	return out
}

// HoldsMaps reports whether values of type t are maps, or slices, arrays
// or channels of maps: the types whose fields Fields reports.
func HoldsMaps(t types.Type) bool {
	for range 8 { // a bound, for types like type T []T
		switch u := t.Underlying().(type) {
		case *types.Map:
			return true
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Chan:
			t = u.Elem()
		default:
			return false
		}
	}
	return false
}

type seenKey struct {
	t       types.Type
	methods bool
}

// walker collects the fields a print reaches.
type walker struct {
	out  []Reached
	seen map[seenKey]bool
	verb Verb
}

func (w *walker) add(f *types.Var, methods, omitEmpty bool) {
	for i, r := range w.out {
		if r.Field == f {
			// Reached twice: fmt cannot call methods if one way does
			// not let it; omitempty is the field's own.
			w.out[i].Methods = r.Methods && methods
			return
		}
	}
	w.out = append(w.out, Reached{Field: f, Methods: methods, OmitEmpty: omitEmpty})
}

// stopsFmt reports whether fmt, formatting a value of type t with the
// walker's verb, calls a method of the value instead of printing its
// parts: Format for every verb; GoString for %#v; Error and String for
// the verbs that print strings (%v %s %q %x %X).
func (w *walker) stopsFmt(t types.Type) bool {
	if hasMethod(t, "Format") {
		return true
	}
	if w.verb.Rune == 'v' && w.verb.Sharp() {
		return hasMethod(t, "GoString")
	}
	if strings.ContainsRune("vsqxX", w.verb.Rune) {
		return hasMethod(t, "Error") || hasMethod(t, "String")
	}
	return false
}

// fmt follows fmt: top is set for the argument itself, methods when fmt
// may call the value's methods (not below an unexported field).
func (w *walker) fmt(t types.Type, top, methods bool) {
	if methods && w.stopsFmt(t) {
		return
	}
	key := seenKey{t, methods}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		// fmt prints &{...} for a pointer it is given, and an address
		// for a pointer inside a value.
		if top {
			w.fmt(u.Elem(), false, methods)
		}
	case *types.Struct:
		if w.seen[key] {
			return
		}
		w.seen[key] = true
		for f := range u.Fields() {
			m := methods && f.Exported()
			if HoldsMaps(f.Type()) {
				w.add(f, m, false)
			}
			w.fmt(f.Type(), false, m)
		}
	case *types.Array:
		w.fmt(u.Elem(), false, methods)
	case *types.Slice:
		w.fmt(u.Elem(), false, methods)
	case *types.Map:
		if w.seen[key] {
			return
		}
		w.seen[key] = true
		w.fmt(u.Key(), false, methods)
		w.fmt(u.Elem(), false, methods)
	}
}

// json follows encoding/json's Marshal.
func (w *walker) json(t types.Type) {
	if hasMethod(t, "MarshalJSON") || hasMethod(t, "MarshalText") ||
		hasMethod(types.NewPointer(t), "MarshalJSON") || hasMethod(types.NewPointer(t), "MarshalText") {
		return
	}
	key := seenKey{t, true}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		w.json(u.Elem())
	case *types.Struct:
		if w.seen[key] {
			return
		}
		w.seen[key] = true
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			tag := reflect.StructTag(u.Tag(i)).Get("json")
			if tag == "-" {
				continue // omitted; "-," would name the field "-"
			}
			switch {
			case f.Exported():
				if HoldsMaps(f.Type()) {
					w.add(f, true, hasOption(tag, "omitempty"))
				}
				w.json(f.Type())
			case f.Embedded():
				// An unexported embedded struct: json promotes its
				// exported fields.
				if isStruct(f.Type()) {
					w.json(f.Type())
				}
			}
		}
	case *types.Array:
		w.json(u.Elem())
	case *types.Slice:
		w.json(u.Elem())
	case *types.Map:
		if w.seen[key] {
			return
		}
		w.seen[key] = true
		w.json(u.Elem())
	}
}

// reflect follows everything reflection can reach.
func (w *walker) reflect(t types.Type) {
	key := seenKey{t, false}
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		w.reflect(u.Elem())
	case *types.Struct:
		for f := range u.Fields() {
			if HoldsMaps(f.Type()) {
				w.add(f, f.Exported(), false)
			}
			w.reflect(f.Type())
		}
	case *types.Array:
		w.reflect(u.Elem())
	case *types.Slice:
		w.reflect(u.Elem())
	case *types.Map:
		w.reflect(u.Key())
		w.reflect(u.Elem())
	}
}

// hasOption reports whether a json tag value lists option after its name.
func hasOption(tag, option string) bool {
	_, opts, _ := strings.Cut(tag, ",")
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == option {
			return true
		}
	}
	return false
}

// isStruct reports whether t is a struct or a pointer to one.
func isStruct(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// methodSets keeps the method sets hasMethod computes. Every field of
// every printed or encoded value asks for up to six of them, mostly of the
// same named types: computed afresh they were a third of the bytes a
// check allocated (nats-server), and the garbage raised its peak memory.
// In mapfix's one-program run it holds only types the program holds
// anyway (a process that loads several programs, as tests do, keeps the
// earlier ones' named types too); it is safe for concurrent use.
var methodSets typeutil.MethodSetCache

// hasMethod reports whether the method set of t has a method called name.
func hasMethod(t types.Type, name string) bool {
	ms := methodSets.MethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if ms.At(i).Obj().Name() == name {
			return true
		}
	}
	return false
}
