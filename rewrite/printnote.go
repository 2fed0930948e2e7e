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
			if holdsField(a.typ, s.Obj, 0) {
				p.note(a.pos, "this prints a struct whose unexported field %s is now a *shardedmap.Map: fmt cannot call its Format method there, so the output shows a pointer instead of the map", s.Obj.Name())
			}
		}
	}
}

// holdsField reports whether a value of type t holds field directly, as a
// struct, through a pointer to one, or in an embedded struct.
func holdsField(t types.Type, field *types.Var, depth int) bool {
	if depth > 3 {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f == field || f.Origin() == field {
			return true
		}
		if f.Embedded() && holdsField(f.Type(), field, depth+1) {
			return true
		}
	}
	return false
}
