package detect

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
)

// A lifecycle state under a lock orders what runs before a start against
// what runs after it:
//
//	func (s *S) Add(k string) {          func (s *S) Serve() {
//		s.mu.Lock()                          s.mu.Lock()
//		if s.state == notRunning {           s.state = running
//			s.m[k] = v // only before Serve   s.mu.Unlock()
//		} else { s.ctl <- k }                for k := range s.m { ... }
//		s.mu.Unlock()                    }
//	}
//
// The write runs only while the state is notRunning, tested under s.mu.
// Serve leaves that state under s.mu before its read, and nothing ever
// sets notRunning again, so a write that runs took s.mu before Serve's
// change of state did, and the read comes after it (suture's Supervisor).

// stateOrdered reports whether one access of the pair runs only in a
// lifecycle state that the other access's function leaves for good before
// it.
func (a *analysis) stateOrdered(cf conflict) bool {
	return a.stateBefore(cf.a, cf.b, cf.cb) || a.stateBefore(cf.b, cf.a, cf.ca)
}

// stateGuard is a test `x.f == c` (or `!x.f`, or `x.f` for a boolean
// field) that the access runs under.
type stateGuard struct {
	field *types.Var
	value constant.Value
	lock  lockRef // held at the test and at the access
}

// stateBefore reports whether w runs only under a state guard whose state
// r's goroutine rc leaves, under the guard's lock, before r.
func (a *analysis) stateBefore(w, r *access, rc ctx) bool {
	if w.fn == nil || r.fn == nil || r.fn.body == nil || w.via != "" || r.via != "" || w.spawned || r.spawned {
		return false
	}
	for _, g := range a.stateGuards(w) {
		if a.leavesState(r, rc, g) && !a.reentered(g) {
			return true
		}
	}
	return false
}

// stateGuards returns the guards of the if statements around w (in their
// then branch) whose test holds a lock that w holds too.
func (a *analysis) stateGuards(w *access) []stateGuard {
	info := w.fn.file.Package.TypesInfo
	pos := w.use.Expr.Pos()
	var out []stateGuard
	inspect(w.fn.body, func(n ast.Node, stack []ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || !contains(ifs.Body, pos) {
			return n == nil || contains(n, pos)
		}
		for _, c := range conjuncts(ifs.Cond) {
			field, value, ok := stateTest(info, c)
			if !ok {
				continue
			}
			for _, l := range a.heldAt(w.fn, ifs.Cond) {
				if l.once || l.read || !a.holdsLike(w.held, l) {
					continue
				}
				out = append(out, stateGuard{field: field, value: value, lock: l})
			}
		}
		return true
	})
	return out
}

// conjuncts splits a && b && ... into its operands.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// stateTest recognises x.f == c, c == x.f, !x.f and x.f (f a boolean
// field), for a field f and a constant c.
func stateTest(info *types.Info, e ast.Expr) (*types.Var, constant.Value, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		if f := fieldSel(info, u.X); f != nil && isBool(f.Type()) {
			return f, constant.MakeBool(false), true
		}
		return nil, nil, false
	}
	if f := fieldSel(info, e); f != nil && isBool(f.Type()) {
		return f, constant.MakeBool(true), true
	}
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL {
		return nil, nil, false
	}
	for _, p := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		if f := fieldSel(info, p[0]); f != nil {
			if v := info.Types[p[1]].Value; v != nil {
				return f, v, true
			}
		}
	}
	return nil, nil, false
}

// fieldSel returns the field that e selects (x.f), or nil.
func fieldSel(info *types.Info, e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() {
		return v
	}
	return nil
}

// holdsLike reports whether held has a lock of the same kind as l: the
// same field path on a base of the same type (the receivers of two
// methods are two variables of one type).
func (a *analysis) holdsLike(held []lockRef, l lockRef) bool {
	for _, h := range held {
		if !h.once && !h.read && a.sameLockKind(h, l) {
			return true
		}
	}
	return false
}

func (a *analysis) sameLockKind(h, l lockRef) bool {
	if h.base == nil || l.base == nil || !types.Identical(h.base.Type(), l.base.Type()) {
		return false
	}
	return a.g.keys.path(h.path) == a.g.keys.path(l.path)
}

// leavesState reports whether every path to r on its goroutine rc leaves
// g's state first: r's function, or each of its callers on rc before the
// call (a few calls up), assigns g's field a constant other than g's
// value, under g's lock, in a statement before r that every path to r
// runs (in a block that holds r).
func (a *analysis) leavesState(r *access, rc ctx, g stateGuard) bool {
	return a.leftBefore(r.fn, r.use.Expr.Pos(), rc, g, maxStateCalls)
}

func (a *analysis) leftBefore(fn *funcNode, pos token.Pos, x ctx, g stateGuard, depth int) bool {
	if fn.body == nil {
		return false
	}
	if a.assignsStateBefore(fn, pos, g) {
		return true
	}
	// Otherwise every caller on x must have left it before calling: all
	// of them known (not where x starts, an entry point or a value use).
	if depth == 0 || fn.valueRef || x < 0 && fn.entry || x >= 0 && slices.Contains(a.g.roots[x].targets, fn) {
		return false
	}
	counted := false
	for _, cs := range fn.callers {
		if cs.caller == nil || cs.caller == fn || !a.runsIn(cs.caller, x) {
			continue
		}
		if cs.call == nil || !a.leftBefore(cs.caller, cs.pos, x, g, depth-1) {
			return false
		}
		counted = true
	}
	return counted
}

// assignsStateBefore reports whether fn assigns g's field a constant other
// than g's value under g's lock, before pos, in a block that holds pos.
func (a *analysis) assignsStateBefore(fn *funcNode, pos token.Pos, g stateGuard) bool {
	info := fn.file.Package.TypesInfo
	key := a.g.keys.of(g.field)
	found := false
	inspect(fn.body, func(n ast.Node, stack []ast.Node) bool {
		if found {
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false // runs when called, not here
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() >= pos || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			f := fieldSel(info, l)
			if f == nil || a.g.keys.of(f) != key {
				continue
			}
			v := info.Types[as.Rhs[i]].Value
			if v == nil || constant.Compare(v, token.EQL, g.value) {
				continue
			}
			if inBlockHolding(stack, pos) && a.holdsLike(a.heldAt(fn, as.Lhs[i]), g.lock) {
				found = true
			}
		}
		return true
	})
	return found
}

// reentered reports whether anything in the loaded code may give g's
// field g's value again: an assignment of that constant, or of anything
// that is not a constant. Composite literals (the value's construction)
// do not count.
func (a *analysis) reentered(g stateGuard) bool {
	key := a.g.keys.of(g.field)
	memo := key + "=" + g.value.ExactString()
	if v, ok := a.reenter[memo]; ok {
		return v
	}
	if a.reenter == nil {
		a.reenter = make(map[string]bool)
	}
	again := false
	for _, f := range a.prog.Files() {
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			if again {
				return false
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if fl := fieldSel(info, l); fl == nil || a.g.keys.of(fl) != key {
						continue
					}
					if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN {
						again = true
						continue
					}
					if v := info.Types[n.Rhs[i]].Value; v == nil || constant.Compare(v, token.EQL, g.value) {
						again = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if fl := fieldSel(info, n.X); fl != nil && a.g.keys.of(fl) == key {
						again = true // &s.state lets anyone set it
					}
				}
			}
			return true
		})
	}
	a.reenter[memo] = again
	return again
}

// maxStateCalls bounds how many calls up leavesState follows the callers
// of an access's function.
const maxStateCalls = 3
