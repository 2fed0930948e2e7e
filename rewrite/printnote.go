package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/types/typeutil"
)

// fmt calls a *shardedmap.Map's Format method wherever it can reach the
// value, so printing a rewritten map, or a struct with an exported map
// field, prints what it printed before. It cannot reach an unexported
// field: there it prints the pointer. That changes output, so it is a note.

// printArg is an argument of a fmt or log printing call.
type printArg struct {
	pos token.Pos
	typ types.Type
}

// printFuncs are the printing functions whose arguments fmt formats.
var printFuncs = map[string]map[string]bool{
	"fmt": {"Print": true, "Println": true, "Printf": true, "Sprint": true, "Sprintln": true,
		"Sprintf": true, "Fprint": true, "Fprintln": true, "Fprintf": true, "Errorf": true,
		"Append": true, "Appendln": true, "Appendf": true},
	"log": {"Print": true, "Println": true, "Printf": true, "Fatal": true, "Fatalln": true,
		"Fatalf": true, "Panic": true, "Panicln": true, "Panicf": true},
}

// printArgs lists the arguments of every printing call in prog's writable
// files.
func printArgs(prog *load.Program) []printArg {
	var out []printArg
	for _, f := range prog.Files() {
		if !f.Writable {
			continue
		}
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if fn == nil || fn.Pkg() == nil || !printFuncs[fn.Pkg().Path()][fn.Name()] {
				return true
			}
			for _, a := range call.Args {
				if t := info.TypeOf(a); t != nil {
					out = append(out, printArg{a.Pos(), t})
				}
			}
			return true
		})
	}
	return out
}

// notePrintedFields notes each place that prints a struct holding an
// unexported map field of p's class.
func notePrintedFields(p *classPlan, args []printArg) {
	for _, s := range p.class.Slots {
		if s.Kind != mapclass.Field || s.Obj.Exported() {
			continue
		}
		for _, a := range args {
			if holdsField(a.typ, s.Obj, true, make(map[types.Type]bool)) {
				p.note(a.pos, "this prints a value holding the unexported field %s, now a *shardedmap.Map: fmt cannot call its Format method there, so the output shows a pointer instead of the map", s.Obj.Name())
			}
		}
	}
}

// holdsField reports whether fmt, printing a value of type t, reaches
// field: in the struct itself, in any struct it holds (fields, elements of
// slices and arrays, map keys and values). A pointer is followed only at
// the top, as fmt prints nested pointers as addresses.
func holdsField(t types.Type, field *types.Var, top bool, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return top && holdsField(u.Elem(), field, false, seen)
	case *types.Slice:
		return holdsField(u.Elem(), field, false, seen)
	case *types.Array:
		return holdsField(u.Elem(), field, false, seen)
	case *types.Map:
		return holdsField(u.Key(), field, false, seen) || holdsField(u.Elem(), field, false, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if f == field || f.Origin() == field {
				return true
			}
			if holdsField(f.Type(), field, false, seen) {
				return true
			}
		}
	}
	return false
}
