package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Assignments that write several targets at once, or that a select case or
// a range clause makes, have no method-call form: a Store cannot stand on
// the left of "=". They are rewritten through temporaries instead:
//
//	m[a], m[b] = m[b], m[a]   ->  var val, val1 V
//	                              val, val1 = m.Get(b), m.Get(a)
//	                              m.Store(a, val); m.Store(b, val1)
//	case m[k] = <-ch:         ->  case val := <-ch: m.Store(k, val)
//	for _, m[k] = range xs {  ->  for _, val := range xs { m.Store(k, val)
//
// The targets are still assigned left to right, after the right-hand side,
// as the language assigns them; the temporaries are new names, so nothing
// the code refers to is shadowed.

var (
	kindTuple       = &kind{edit: (*editor).tuple}           // x, m[k] = f() -> var val V; x, val = f(); m.Store(k, val)
	kindRecvCase    = &kind{edit: (*editor).editRecvCase}    // case m[k] = <-ch: -> case val := <-ch: m.Store(k, val)
	kindRangeAssign = &kind{edit: (*editor).editRangeAssign} // for _, m[k] = range xs -> for _, val := range xs { m.Store(k, val)
)

// tempsData is the data of these kinds: per target, the temporary that
// receives its value ("" for a target assigned as it is), and for a
// kindTuple the temporary that holds an element's key.
type tempsData struct {
	temps    []string
	keyTemps []string
}

// assignWrite plans a write of an element by an assignment that has no
// method-call form: a select case, several targets, a range clause.
func (p *classPlan) assignWrite(u *mapclass.Use) bool {
	return p.planRecvCase(u) || p.planTuple(u) || p.planRangeAssign(u)
}

// planTuple plans an assignment of several values with elements of the
// class among its targets: x, m[k] = f(), m[a], m[b] = m[b], m[a],
// m[k], ok = <-ch.
func (p *classPlan) planTuple(u *mapclass.Use) bool {
	_, stmt := writeStmt(u)
	s, ok := stmt.(*ast.AssignStmt)
	if !ok || (len(s.Lhs) == 1 && len(s.Rhs) == 1) {
		return false
	}
	if p.seen[s] {
		return true // planned from another of its targets
	}
	p.seen[s] = true
	if s.Tok != token.ASSIGN {
		p.refuse(s.Pos(), "an op-assignment of several values is not rewritten")
		return true
	}
	elems, ok := p.assignTargets(u, s, s.Lhs, true)
	if !ok {
		return true
	}
	if !inStmtList(s, u.Stack) {
		p.refuse(s.Pos(), "the assignment to %s needs temporaries declared before it, but it has no statement list to put them in", lhsString(s.Lhs))
		return true
	}
	if _, _, err := typeString(u.File, p.class.Type.Elem()); err != nil {
		p.refuse(s.Pos(), "the temporaries of the assignment to %s must name the value type: %v", lhsString(s.Lhs), err)
		return true
	}
	info := u.File.Package.TypesInfo
	names := p.names.of(u)
	d := &tempsData{temps: make([]string, len(s.Lhs)), keyTemps: make([]string, len(s.Lhs))}
	// The index operands are evaluated before the right-hand side, left
	// to right. When a key has side effects, or the right-hand side
	// calls or receives (which might change a key), every key that is
	// not a constant is kept in a temporary first, in that order.
	hoist := false
	for _, r := range s.Rhs {
		if mayChangeVars(info, r) {
			hoist = true
		}
	}
	for _, ix := range elems {
		if ix != nil && !pure(p.class, info, ix.Index) {
			hoist = true
		}
	}
	for i, ix := range elems {
		if ix == nil {
			continue
		}
		if hoist && info.Types[ix.Index].Value == nil {
			d.keyTemps[i] = freshName(names, "key")
		}
		d.temps[i] = freshName(names, "val")
	}
	p.add(s, u.File, &action{kind: kindTuple, data: d})
	return true
}

// planRecvCase plans a select case that receives into elements of the
// class: case m[k] = <-ch, case m[k], ok = <-ch. The targets are
// evaluated only when the case is chosen, so assigning them at the start
// of the case's body keeps the order.
func (p *classPlan) planRecvCase(u *mapclass.Use) bool {
	_, stmt := writeStmt(u)
	s, ok := stmt.(*ast.AssignStmt)
	if !ok {
		return false
	}
	cc, ok := parentOf(s, u.Stack).(*ast.CommClause)
	if !ok || cc.Comm != s {
		return false
	}
	if _, done := p.actions[cc]; done {
		return true
	}
	elems, ok := p.assignTargets(u, cc, s.Lhs, false)
	if !ok {
		return true
	}
	p.add(cc, u.File, &action{kind: kindRecvCase, data: &tempsData{temps: p.targetTemps(u, s.Lhs, elems)}})
	return true
}

// planRangeAssign plans a range clause that assigns elements of the
// class: for _, m[k] = range xs, for m[k] = range n.
func (p *classPlan) planRangeAssign(u *mapclass.Use) bool {
	_, stmt := writeStmt(u)
	rs, ok := stmt.(*ast.RangeStmt)
	if !ok {
		return false
	}
	if _, done := p.actions[rs]; done {
		return true
	}
	info := u.File.Package.TypesInfo
	if t := info.TypeOf(rs.X); t != nil {
		if _, isMap := t.Underlying().(*types.Map); isMap {
			p.refuse(rs.Pos(), "a range over a map that assigns to %s is not rewritten; assign in the loop body instead", lhsString(rangeLhs(rs)))
			return true
		}
	}
	if tv := info.Types[rs.X]; tv.Value != nil {
		// for m[k] = range 10: the iteration values take the type of
		// m[k]; a variable declared by := would be an int instead.
		p.refuse(rs.Pos(), "a range over the constant %s that assigns to %s is not rewritten", types.ExprString(rs.X), lhsString(rangeLhs(rs)))
		return true
	}
	lhs := rangeLhs(rs)
	elems, ok := p.assignTargets(u, rs, lhs, false)
	if !ok {
		return true
	}
	p.add(rs, u.File, &action{kind: kindRangeAssign, data: &tempsData{temps: p.targetTemps(u, lhs, elems)}})
	return true
}

func rangeLhs(rs *ast.RangeStmt) []ast.Expr {
	lhs := []ast.Expr{rs.Key}
	if rs.Value != nil {
		lhs = append(lhs, rs.Value)
	}
	return lhs
}

// targetTemps names a temporary for every target that is not blank: the
// statement declares them all (with :=), then assigns the real targets.
func (p *classPlan) targetTemps(u *mapclass.Use, lhs []ast.Expr, elems []*ast.IndexExpr) []string {
	names := p.names.of(u)
	temps := make([]string, len(lhs))
	for i, l := range lhs {
		switch {
		case elems[i] != nil:
			temps[i] = freshName(names, "val")
		case !isBlank(l):
			temps[i] = freshName(names, "got")
		}
	}
	return temps
}

// assignTargets checks the targets of an assignment node (a statement, a
// select case, a range clause) that writes elements of the class, and
// returns those elements by position. It refuses targets that index a map
// of another class (two plans cannot both rewrite one statement) and
// element operands that are not pure or that the statement itself assigns
// (they must keep the value they had before it). A key with side effects
// is accepted when keyTemps (the caller evaluates keys into temporaries in
// order) or when the element is the only target (its key is then
// evaluated once, right where the language evaluates it).
func (p *classPlan) assignTargets(u *mapclass.Use, node ast.Node, lhs []ast.Expr, keyTemps bool) ([]*ast.IndexExpr, bool) {
	info := u.File.Package.TypesInfo
	elems := make([]*ast.IndexExpr, len(lhs))
	assigned := make(map[types.Object]bool)
	targets := 0
	for _, l := range lhs {
		if !isBlank(l) {
			targets++
		}
	}
	for _, l := range lhs {
		// x = and x.f = change what x and x.f read; m[k] = does not
		// change m or k.
		var id *ast.Ident
		switch t := ast.Unparen(l).(type) {
		case *ast.Ident:
			id = t
		case *ast.SelectorExpr:
			id = t.Sel
		}
		if id != nil && id.Name != "_" {
			if obj := info.ObjectOf(id); obj != nil {
				assigned[obj] = true
			}
		}
	}
	ok := true
	for i, l := range lhs {
		ix, _ := ast.Unparen(l).(*ast.IndexExpr)
		if ix == nil {
			continue
		}
		if _, isMap := info.TypeOf(ix.X).Underlying().(*types.Map); !isMap {
			continue
		}
		if !sameClass(p.class, ix.X) {
			p.refuse(node.Pos(), "the assignment also writes %s, an element of another map; assign the two maps in separate statements", types.ExprString(ix))
			ok = false
			continue
		}
		if !pure(p.class, info, ix.X) || (!keyTemps && targets > 1 && !pure(p.class, info, ix.Index)) {
			p.refuse(ix.Pos(), "the map or key of %s has side effects, which the rewrite of this assignment would evaluate at another time", types.ExprString(ix))
			ok = false
			continue
		}
		if usesAny(info, ix, assigned) {
			p.refuse(ix.Pos(), "the key of %s is assigned by the same statement, which the rewrite would see after the assignment", types.ExprString(ix))
			ok = false
			continue
		}
		elems[i] = ix
	}
	if !ok {
		return nil, false
	}
	for _, ix := range elems {
		if ix != nil {
			p.add(ix, u.File, &action{kind: kindSkip})
		}
	}
	return elems, true
}

// usesAny reports whether the operands of ix refer to a variable or field
// in vars.
func usesAny(info *types.Info, ix *ast.IndexExpr, vars map[types.Object]bool) bool {
	if len(vars) == 0 {
		return false
	}
	found := false
	for _, e := range []ast.Expr{ix.X, ix.Index} {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && vars[info.ObjectOf(id)] {
				found = true
			}
			return !found
		})
	}
	return found
}

func lhsString(lhs []ast.Expr) string {
	s := ""
	for i, l := range lhs {
		if i > 0 {
			s += ", "
		}
		s += types.ExprString(l)
	}
	return s
}

// mayChangeVars reports whether evaluating e could change a variable that
// another operand reads: it calls a function (not a conversion or a
// builtin) or receives, and either may run code that assigns.
func mayChangeVars(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv := info.Types[n.Fun]; tv.IsType() || tv.IsBuiltin() {
				return true
			}
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		case *ast.FuncLit:
			return false // not run here
		}
		return !found
	})
	return found
}

// editRecvCase receives into the temporaries and assigns the targets at
// the start of the case's body.
func (e *editor) editRecvCase(c *dstutil.Cursor, a *action) {
	cc := c.Node().(*dst.CommClause)
	as := cc.Comm.(*dst.AssignStmt)
	lhs, assign := e.viaTemps(as.Lhs, a.data.(*tempsData).temps)
	as.Lhs, as.Tok = lhs, token.DEFINE
	cc.Body = append(assign, cc.Body...)
}

// editRangeAssign ranges into the temporaries and assigns the targets at
// the start of the loop's body.
func (e *editor) editRangeAssign(c *dstutil.Cursor, a *action) {
	rs := c.Node().(*dst.RangeStmt)
	lhs := []dst.Expr{rs.Key}
	if rs.Value != nil {
		lhs = append(lhs, rs.Value)
	}
	lhs, assign := e.viaTemps(lhs, a.data.(*tempsData).temps)
	rs.Key, rs.Tok = lhs[0], token.DEFINE
	if rs.Value != nil {
		rs.Value = lhs[1]
	}
	rs.Body.List = append(assign, rs.Body.List...)
}

// viaTemps replaces each target that has a temporary by it, and returns the
// statements that then assign the real targets, in order: a Store for an
// element of a rewritten map, a plain assignment for anything else.
func (e *editor) viaTemps(lhs []dst.Expr, temps []string) ([]dst.Expr, []dst.Stmt) {
	out := make([]dst.Expr, len(lhs))
	var assign []dst.Stmt
	for i, l := range lhs {
		if temps[i] == "" {
			out[i] = l
			continue
		}
		out[i] = dst.NewIdent(temps[i])
		if ix, ok := unparen(l).(*dst.IndexExpr); ok && e.isElem(ix) {
			assign = append(assign, &dst.ExprStmt{X: call(method(ix.X, "Store"), ix.Index, dst.NewIdent(temps[i]))})
			continue
		}
		assign = append(assign, &dst.AssignStmt{Lhs: []dst.Expr{l}, Tok: token.ASSIGN, Rhs: []dst.Expr{dst.NewIdent(temps[i])}})
	}
	return out, assign
}

// isElem reports whether ix is an element of a rewritten map that an
// assignment's plan set aside for a Store.
func (e *editor) isElem(ix *dst.IndexExpr) bool {
	a := e.actions[e.dec.Ast.Nodes[ix]]
	return a != nil && a.kind == kindSkip
}

// tuple rewrites an assignment of several values whose targets include
// elements of rewritten maps: their keys go into temporaries where the
// plan says so, their values into new variables, and the Stores follow
// the assignment in the order of the targets.
func (e *editor) tuple(c *dstutil.Cursor, a *action) {
	as := c.Node().(*dst.AssignStmt)
	d := a.data.(*tempsData)
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	var before, stores []dst.Stmt
	var vals []*dst.Ident
	for i, l := range as.Lhs {
		if d.temps[i] == "" {
			continue
		}
		ix := unparen(l).(*dst.IndexExpr)
		if d.keyTemps[i] != "" {
			before = append(before, define(d.keyTemps[i], ix.Index))
			ix.Index = dst.NewIdent(d.keyTemps[i])
		}
		vals = append(vals, dst.NewIdent(d.temps[i]))
		as.Lhs[i] = dst.NewIdent(d.temps[i])
		stores = append(stores, &dst.ExprStmt{X: call(method(ix.X, "Store"), ix.Index, dst.NewIdent(d.temps[i]))})
	}
	before = append(before, &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: []dst.Spec{&dst.ValueSpec{Names: vals, Type: vt}}}})
	// The comments above the assignment and the blank lines around it
	// now belong to the group of statements that replaces it.
	first, last := before[0].Decorations(), stores[len(stores)-1].Decorations()
	first.Before, first.Start = as.Decs.Before, as.Decs.Start
	last.After = as.Decs.After
	as.Decs.Before, as.Decs.Start, as.Decs.After = dst.NewLine, nil, dst.NewLine
	for _, st := range before {
		c.InsertBefore(st)
	}
	// InsertAfter puts each statement right after the assignment, so the
	// last Store goes in first.
	for i := len(stores) - 1; i >= 0; i-- {
		c.InsertAfter(stores[i])
	}
}
