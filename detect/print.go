package detect

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"

	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/printing"
)

// Printing. fmt and encoding/json read a map passed to them through
// reflection; mapclass records that as a Print use when the argument is the
// map itself. Printing a struct (or a pointer to one) that holds the map
// reads it as well, without naming it: those reads are found here and
// added to the field's class. Which calls print (fmt, log, testing,
// log/slog, encoding/json and the program's own wrappers of them) and what
// a print reads are package printing's rules; %T and %p read no field.

// isPrinter reports whether fn is a printing function of the standard
// library. The wrappers of a program are in its mapclass.Set's Printing.
func isPrinter(fn *types.Func) bool {
	_, ok := printing.Std(fn)
	return ok
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
	pr := classes.Printing()
	for _, f := range a.prog.Files() {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			args := pr.Call(info, call)
			if len(args) == 0 {
				return true
			}
			owner := a.g.enclosing(stack)
			if owner == nil {
				return true // a package-level initialiser: runs before any goroutine
			}
			// In argument order (args is a map): the uses, and so the
			// evidence chosen among equally good pairs, must not change
			// from run to run.
			for _, i := range slices.Sorted(maps.Keys(args)) {
				pa := args[i]
				arg := call.Args[i]
				t := info.TypeOf(arg)
				if t == nil || types.IsInterface(t) {
					continue
				}
				if _, isMap := t.Underlying().(*types.Map); isMap {
					continue // mapclass records it
				}
				seen := make(map[*types.Var]bool)
				for _, r := range printReads(t, pa) {
					if seen[r.Field] {
						continue
					}
					seen[r.Field] = true
					c := classes.ClassOf(r.Field)
					if c == nil {
						continue
					}
					use := &mapclass.Use{Op: mapclass.Print, Expr: arg, Node: call, Stack: append(append([]ast.Node(nil), stack...), call), File: f}
					out[c] = append(out[c], &extraUse{use: use, fn: owner})
				}
			}
			return true
		})
	}
	return out
}

// printReads returns the fields holding maps that printing a value of
// type t as pa says reads.
func printReads(t types.Type, pa printing.Arg) []printing.Reached {
	if pa.Kind == printing.JSON {
		return printing.Fields(t, printing.JSONRule)
	}
	var out []printing.Reached
	if pa.Kind == printing.Slog {
		out = printing.Fields(t, printing.JSONRule) // slog's JSON handler
	}
	verbs := pa.Verbs
	if pa.Unknown || len(verbs) == 0 {
		verbs = []printing.Verb{{Rune: 'v'}} // any verb; %!(EXTRA) prints with %v
	}
	for _, v := range verbs {
		out = append(out, printing.FieldsFmt(t, v)...)
	}
	return out
}

// extraAccesses returns the accesses of c that its uses do not show: the
// reads by prints of values holding it, and the accesses of the other
// classes that hold the same published map.
func (a *analysis) extraAccesses(c *mapclass.Class) []*access {
	var out []*access
	for _, p := range a.prints[c] {
		ac := &access{use: p.use, fn: p.fn, ctxs: a.cx.of[p.fn]}
		ac.held = a.heldAt(p.fn, p.use.Expr)
		ac.keys = a.g.keys.accessKeys(p.use.File.Package.TypesInfo, p.use.Expr, ac.held, false)
		out = append(out, ac)
	}
	return append(out, a.publishedAccesses(c)...)
}
