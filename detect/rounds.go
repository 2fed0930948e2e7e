package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// Rounds of a loop that each make their own value. A test that runs a
// harness once per round (for range 2 { at := NewHarness(t); at.Do(...);
// at.Run() }) writes, in the next round, the map of the next round's
// harness, while the last round's goroutine reads its own. A call in the
// loop's body before the start would otherwise count as after it (the
// next round). Only a value shown to hold a map made in its round counts:
// a new name for an outer value (h := shared), or a new struct over an
// outer map (&harness{actions: shared.actions}), still carries the map.

// maxRoundDepth bounds the steps (constructors, embedded fields, locals)
// followed to a map's make.
const maxRoundDepth = 8

// spawnerReachesByRound is spawnerReaches when calls that start r on a
// value made in a loop's round, with the class's map made there too, do
// not count what the next round does before them on values of its own.
// It applies only when in, the pair's access on r's goroutine, is made on
// the receiver of the method the goroutine runs (t.actions in t.run), and
// the field is never assigned but in composite literals: otherwise the
// goroutine may reach another round's map, or the round's value an outer
// map, and the rounds meet.
func (a *analysis) spawnerReachesByRound(c *mapclass.Class, r *root, outer, in *access) bool {
	field := classField(c)
	if field == nil || !a.onReceiver(r, in, field) || a.fieldAssigned(field) {
		return true
	}
	points := a.frontier(r)
	rounds := false
	for i := range points {
		if a.roundValue(points[i], field) {
			points[i].byRound = true
			rounds = true
		}
	}
	if !rounds {
		return true // as spawnerReaches found
	}
	return a.madeAfter(points, a.reachedAfter(points), outer)
}

// onReceiver reports whether x is made directly on field of the receiver
// of a method that r's goroutine runs.
func (a *analysis) onReceiver(r *root, x *access, field *types.Var) bool {
	if x.fn == nil || x.via != "" || !slices.Contains(r.targets, x.fn) {
		return false
	}
	recv := x.fn.recvVar()
	base, path, ok := decompose(x.use.File.Package.TypesInfo, x.use.Expr)
	return ok && recv != nil && base == recv && len(path) == 1 && path[0].Origin() == field.Origin()
}

// fieldAssigned reports whether some loaded code assigns field other
// than in a composite literal (h.actions = shared.actions).
func (a *analysis) fieldAssigned(field *types.Var) bool {
	if v, ok := a.assignedFields[field]; ok {
		return v
	}
	found := false
	for _, f := range a.g.prog.Files() {
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || found {
				return !found
			}
			for _, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.Origin() == field.Origin() {
						found = true
					}
				}
			}
			return !found
		})
		if found {
			break
		}
	}
	if a.assignedFields == nil {
		a.assignedFields = make(map[*types.Var]bool)
	}
	a.assignedFields[field] = found
	return found
}

// roundCall reports whether the call at pos in fn, in loop, is a method
// call on a local the loop's body declares: on the round's own values.
func roundCall(fn *funcNode, call *ast.CallExpr, loop ast.Node) bool {
	if call == nil {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := fn.file.Package.TypesInfo.Uses[id].(*types.Var)
	return ok && !isPackageVar(v) && contains(loop, v.Pos())
}

// classField returns a struct field that holds the class's maps, or nil.
func classField(c *mapclass.Class) *types.Var {
	for _, s := range c.Slots {
		if s.Kind == mapclass.Field && !s.Elem {
			return s.Obj
		}
	}
	return nil
}

// roundValue reports whether the call at fr is a method call on a local
// variable declared in a loop around the call and assigned only values
// made in the round that hold a map of their own in field.
func (a *analysis) roundValue(fr frontierPoint, field *types.Var) bool {
	if fr.call == nil {
		return false
	}
	sel, ok := ast.Unparen(fr.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := fr.fn.file.Package.TypesInfo.Uses[id].(*types.Var)
	if !ok || isPackageVar(v) {
		return false
	}
	for _, l := range fr.fn.loops {
		if contains(l, v.Pos()) && contains(l, fr.pos) {
			return a.madeInRound(fr.fn, l, v, field, 0)
		}
	}
	return false
}

// madeInRound reports whether the local v of fn, declared in scope, is
// only assigned values that makeHolder accepts.
func (a *analysis) madeInRound(fn *funcNode, scope ast.Node, v *types.Var, field *types.Var, depth int) bool {
	if !contains(scope, v.Pos()) {
		return false
	}
	return onlyAssigned(fn, v, func(e ast.Expr) bool {
		return a.makesHolder(fn, scope, e, field, depth)
	}, false) && (depth == 0 || confined(fn, v))
}

// confined reports whether fn uses its local v only to select fields of
// it or to return it: it does not store it, pass it, send it or call its
// methods (a constructor that adds each value to a package-level list
// lets every round reach every map). The round's own local may go
// anywhere: the next round's calls on it are on the next round's value,
// and calls on anything else count (roundCall).
func confined(fn *funcNode, v *types.Var) bool {
	info := fn.file.Package.TypesInfo
	ok := true
	var stack []ast.Node
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == v && len(stack) > 0 {
			switch p := stack[len(stack)-1].(type) {
			case *ast.SelectorExpr:
				if sel := info.Selections[p]; sel == nil || sel.Kind() != types.FieldVal {
					ok = false
				}
			case *ast.ReturnStmt:
			case *ast.AssignStmt:
				if !slices.Contains(p.Lhs, ast.Expr(id)) {
					ok = false
				}
			default:
				ok = false
			}
		}
		stack = append(stack, n)
		return ok
	})
	return ok
}

// makesHolder reports whether e, in fn, makes a new value whose field
// holds a map made with it: a composite literal that sets field to a new
// map, or that embeds such a value; a call of a loaded function whose
// every return is one; or a local of scope only assigned those.
func (a *analysis) makesHolder(fn *funcNode, scope ast.Node, e ast.Expr, field *types.Var, depth int) bool {
	if depth > maxRoundDepth {
		return false
	}
	info := fn.file.Package.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		made := false
		for _, elt := range e.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return false // positional fields: not told apart here
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				return false
			}
			f, ok := info.Uses[key].(*types.Var)
			if !ok || !f.IsField() {
				return false
			}
			if f.Origin() == field.Origin() {
				if !newMap(info, kv.Value) {
					return false
				}
				made = true
			} else if f.Embedded() && a.makesHolder(fn, scope, kv.Value, field, depth+1) {
				made = true
			}
		}
		return made
	case *ast.CallExpr:
		callee := a.g.onlyCallee(info, e)
		if callee == nil || callee.body == nil {
			return false
		}
		return a.returnsHolder(callee, field, depth+1)
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		return ok && !isPackageVar(v) && a.madeInRound(fn, scope, v, field, depth+1)
	}
	return false
}

// returnsHolder reports whether fn returns at least once and each of its
// returns hands back, as its one result, a value makesHolder accepts.
func (a *analysis) returnsHolder(fn *funcNode, field *types.Var, depth int) bool {
	ok, n := true, 0
	ast.Inspect(fn.body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			n++
			ok = ok && len(x.Results) == 1 && a.makesHolder(fn, fn.body, x.Results[0], field, depth)
		}
		return ok
	})
	return ok && n > 0
}

// newMap reports whether e makes a new map: make(map...) or a map
// composite literal.
func newMap(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		_, ok := info.TypeOf(e).Underlying().(*types.Map)
		return ok
	case *ast.CallExpr:
		return isBuiltin(info, e, "make")
	}
	return false
}
