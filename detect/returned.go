package detect

import (
	"go/ast"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// handedBackAfterWait reports whether the maps of local class c leave the
// function that starts root r only through its results, returned after a
// wait for r's goroutine, and x runs outside everything that function
// calls or starts. Each call of the spawner makes its own map, lets its
// workers fill it, waits for them and returns it: whoever holds the map
// afterwards holds it alone (a fan-out that collects into a map).
func (a *analysis) handedBackAfterWait(c *mapclass.Class, r *root, x *access) bool {
	s := r.spawner
	if s == nil || s.body == nil || x.fn == nil || contains(s.node, x.use.Expr.Pos()) {
		return false
	}
	handed, ok := a.handBack[r]
	if !ok {
		handed = a.handsBackAfterWait(c, r)
		a.handBack[r] = handed
	}
	return handed && !a.g.runsWithin(s)[x.fn]
}

// handsBackAfterWait is the part of handedBackAfterWait that depends on
// the class and the root only.
func (a *analysis) handsBackAfterWait(c *mapclass.Class, r *root) bool {
	s := r.spawner
	for _, sl := range c.Slots {
		if sl.Kind == mapclass.Var || sl.Kind == mapclass.Field {
			return false
		}
	}
	for _, u := range c.Uses {
		in := contains(s.node, u.Pos())
		switch u.Op {
		case mapclass.Make:
			if !in {
				return false // a map made elsewhere may reach x another way
			}
		case mapclass.Flow:
			if in && !a.leavesAfterWait(s, r, u) {
				return false
			}
		}
	}
	return true
}

// leavesAfterWait reports whether flow u in s keeps the map where r's
// goroutine and s can see it (a local of s, an argument of r's go call)
// or returns it from s after a wait for r.
func (a *analysis) leavesAfterWait(s *funcNode, r *root, u *mapclass.Use) bool {
	if r.call != nil && r.call.Lparen <= u.Pos() && u.Pos() < r.call.End() {
		return true
	}
	var stmt ast.Node
	var fn ast.Node
	for i := len(u.Stack) - 1; i >= 0; i-- {
		n := u.Stack[i]
		if _, isLit := n.(*ast.FuncLit); isLit && fn == nil {
			fn = n
		}
		if _, isDecl := n.(*ast.FuncDecl); isDecl && fn == nil {
			fn = n
		}
		if _, isStmt := n.(ast.Stmt); isStmt && stmt == nil {
			stmt = n
		}
	}
	if fn != s.node {
		return false // a literal inside s may run anywhere
	}
	switch st := stmt.(type) {
	case *ast.ReturnStmt:
		return isOneOf(u.Expr, st.Results) && s.waitBetween(r.pos, st.Pos())
	case *ast.AssignStmt:
		if !isOneOf(u.Expr, st.Rhs) {
			return false // handed to a call, not moved to another local
		}
		info := s.file.Package.TypesInfo
		for _, l := range st.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				return false
			}
			obj := info.ObjectOf(id)
			if obj == nil || !contains(s.node, obj.Pos()) {
				return false
			}
		}
		return true
	}
	return false
}

// runsWithin returns the functions that may run while s runs: what s
// calls, the literals written in them, the goroutines they start, and so
// on. The result is cached per function.
func (g *graph) runsWithin(s *funcNode) map[*funcNode]bool {
	if reach, ok := g.within[s]; ok {
		return reach
	}
	if g.within == nil {
		g.within = make(map[*funcNode]map[*funcNode]bool)
		g.spawnedBy = make(map[*funcNode][]*funcNode)
		for _, r := range g.roots {
			if r.spawner != nil {
				g.spawnedBy[r.spawner] = append(g.spawnedBy[r.spawner], r.targets...)
			}
		}
		g.litsOf = make(map[*funcNode][]*funcNode)
		for _, f := range g.funcs {
			if f.parent != nil {
				g.litsOf[f.parent] = append(g.litsOf[f.parent], f)
			}
		}
	}
	reach := make(map[*funcNode]bool)
	work := []*funcNode{s}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		if reach[n] {
			continue
		}
		reach[n] = true
		work = append(work, n.calls...)
		work = append(work, g.spawnedBy[n]...)
		work = append(work, g.litsOf[n]...)
	}
	g.within[s] = reach
	return reach
}

// isOneOf reports whether e is one of list, parentheses aside.
func isOneOf(e ast.Expr, list []ast.Expr) bool {
	for _, x := range list {
		if ast.Unparen(x) == ast.Unparen(e) {
			return true
		}
	}
	return false
}
