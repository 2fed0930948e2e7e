package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"strconv"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// planWrite plans m[k] = v, m[k] op= x, m[k]++ and m[k] = f(m[k], ...).
func (p *classPlan) planWrite(u *mapclass.Use) {
	ix, ok := u.Node.(*ast.IndexExpr)
	if !ok {
		p.refuse(u.Pos(), "a write mapfix does not know how to rewrite")
		return
	}
	if _, done := p.actions[ix]; done {
		return
	}
	info := u.File.Package.TypesInfo
	stmt, _ := above(ix, u.Stack)
	switch s := stmt.(type) {
	case *ast.IncDecStmt:
		op := token.ADD
		if s.Tok == token.DEC {
			op = token.SUB
		}
		p.planUpdate(u, s, ix, op, nil)
	case *ast.AssignStmt:
		if cc, ok := parentOf(s, u.Stack).(*ast.CommClause); ok && cc.Comm == s {
			p.planRecvCase(u, cc, s)
			return
		}
		if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			p.planTuple(u, s)
			return
		}
		if s.Tok != token.ASSIGN {
			p.planUpdate(u, s, ix, binaryOp(s.Tok), s.Rhs[0])
			return
		}
		self := selfReads(p.class, info, ix, s.Rhs[0])
		if len(self) == 0 {
			p.add(s, u.File, &action{kind: actStore})
			p.add(ix, u.File, &action{kind: actSkip})
			p.checkThenAct(u)
			p.rangeThenAct(u)
			return
		}
		if !updateSafe(p.class, info, s.Rhs[0], self) {
			p.add(s, u.File, &action{kind: actStore})
			p.add(ix, u.File, &action{kind: actSkip})
			p.note(s.Pos(), "%s is read and written here in two steps (Get, then Store): the right-hand side calls a function, which must not run under the map's lock, so this read-modify-write is no longer atomic", types.ExprString(ix))
			return
		}
		a := p.planUpdate(u, s, ix, token.ILLEGAL, nil)
		if a == nil {
			return
		}
		for _, r := range self {
			p.add(r, u.File, &action{kind: actSelf, param: a.param})
		}
	case *ast.RangeStmt:
		p.planRangeAssign(u, s)
	default:
		p.refuse(ix.Pos(), "a write in a %T is not rewritten", stmt)
	}
}

// parentOf returns the node that directly encloses n in stack, or nil.
func parentOf(n ast.Node, stack []ast.Node) ast.Node {
	p, _ := above(n, stack)
	return p
}

// planUpdate plans an atomic Update of ix; operand is the right-hand side
// of an op-assignment, or nil.
func (p *classPlan) planUpdate(u *mapclass.Use, stmt ast.Stmt, ix *ast.IndexExpr, op token.Token, operand ast.Expr) *action {
	info := u.File.Package.TypesInfo
	a := &action{kind: actUpdate, op: op}
	// Temporaries share the function's scope, so their names are taken
	// for good; a parameter only lives in its own function literal.
	names := p.names.of(u)
	if operand != nil && !updateSafe(p.class, info, operand, nil) {
		if !inStmtList(stmt, u.Stack) {
			p.refuse(stmt.Pos(), "the operand %s has side effects and must be evaluated before the map is locked, but this statement has no statement list to put a temporary in", types.ExprString(operand))
			return nil
		}
		if !pure(p.class, info, ix.Index) {
			a.keyTemp = freshName(names, "key")
		}
		a.valueTemp = freshName(names, "delta")
	}
	a.param = freshName(maps.Clone(names), "v")
	if _, _, err := typeString(u.File, p.class.Type.Elem()); err != nil {
		p.refuse(stmt.Pos(), "the function given to Update must name the value type: %v", err)
		return nil
	}
	p.add(stmt, u.File, a)
	p.add(ix, u.File, &action{kind: actSkip})
	return a
}

// above returns the nearest node enclosing n in stack that is not a
// parenthesis, and its index.
func above(n ast.Node, stack []ast.Node) (ast.Node, int) {
	i := len(stack) - 1
	for i >= 0 && stack[i] != n {
		i--
	}
	for i--; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i], i
		}
	}
	return nil, -1
}

// inStmtList reports whether stmt sits directly in a list of statements,
// where a temporary can be declared before it.
func inStmtList(stmt ast.Stmt, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == stmt {
			if i == 0 {
				return false
			}
			switch stack[i-1].(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return true
			}
			return false
		}
	}
	return false
}

// selfReads returns the reads of the same map and key as ix inside rhs.
func selfReads(c *mapclass.Class, info *types.Info, ix *ast.IndexExpr, rhs ast.Expr) []*ast.IndexExpr {
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) {
		return nil
	}
	want := types.ExprString(ix)
	var out []*ast.IndexExpr
	ast.Inspect(rhs, func(n ast.Node) bool {
		if r, ok := n.(*ast.IndexExpr); ok && types.ExprString(r) == want && sameClass(c, r.X) {
			out = append(out, r)
			return false
		}
		return true
	})
	return out
}

func sameClass(c *mapclass.Class, e ast.Expr) bool {
	for _, u := range c.Uses {
		if u.Expr == ast.Unparen(e) {
			return true
		}
	}
	return false
}

// updateSafe reports whether e may run inside an Update function, under the
// shard lock: only operators, literals, identifiers, selectors, conversions,
// append and len, and no other access to a rewritten map (the reads in
// self, which become the function's parameter, excepted).
func updateSafe(c *mapclass.Class, info *types.Info, e ast.Expr, self []*ast.IndexExpr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		for _, s := range self {
			if n == s {
				return false
			}
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv := info.Types[n.Fun]; tv.IsType() {
				return true // a conversion
			}
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID {
				if b, isB := info.Uses[id].(*types.Builtin); isB && (b.Name() == "append" || b.Name() == "len") {
					return true
				}
			}
			ok = false
		case *ast.FuncLit:
			ok = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			if t := info.TypeOf(indexBase(n)); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap {
					ok = false // a map, maybe a rewritten one: not under our lock
				}
			}
		}
		return ok
	})
	return ok
}

func indexBase(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.IndexExpr:
		return n.X
	case *ast.IndexListExpr:
		return n.X
	}
	return nil
}

// pure reports whether evaluating e has no side effects, so that it may be
// evaluated at another time or twice.
func pure(c *mapclass.Class, info *types.Info, e ast.Expr) bool {
	return updateSafe(c, info, e, nil)
}

// binaryOp maps an op-assignment token to its binary operator.
func binaryOp(tok token.Token) token.Token {
	switch tok {
	case token.ADD_ASSIGN:
		return token.ADD
	case token.SUB_ASSIGN:
		return token.SUB
	case token.MUL_ASSIGN:
		return token.MUL
	case token.QUO_ASSIGN:
		return token.QUO
	case token.REM_ASSIGN:
		return token.REM
	case token.AND_ASSIGN:
		return token.AND
	case token.OR_ASSIGN:
		return token.OR
	case token.XOR_ASSIGN:
		return token.XOR
	case token.SHL_ASSIGN:
		return token.SHL
	case token.SHR_ASSIGN:
		return token.SHR
	case token.AND_NOT_ASSIGN:
		return token.AND_NOT
	}
	return token.ILLEGAL
}

// nameTable holds, per top-level function, the names in use there: every
// identifier of the function and every temporary mapfix has added to it.
type nameTable map[ast.Node]map[string]bool

// of returns the names in use in the function enclosing u.
func (t nameTable) of(u *mapclass.Use) map[string]bool {
	root := enclosingDecl(u)
	if t[root] == nil {
		t[root] = identNames(root)
	}
	return t[root]
}

// enclosingDecl returns the top-level function enclosing u (closures see
// the names of their enclosing function), or the file.
func enclosingDecl(u *mapclass.Use) ast.Node {
	for _, n := range u.Stack {
		if d, ok := n.(*ast.FuncDecl); ok {
			return d
		}
	}
	return u.File.Syntax
}

// identNames returns every identifier name under root, so that fresh
// names shadow nothing the code there refers to.
func identNames(root ast.Node) map[string]bool {
	names := make(map[string]bool)
	ast.Inspect(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	return names
}

// freshName returns base, or base with a number, whichever is unused; the
// name is then taken.
func freshName(used map[string]bool, base string) string {
	name := base
	for i := 1; used[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// loadOrStoreShape matches "if _, ok := m[k]; !ok { m[k] = x }" where ix is
// the m[k] of the condition, with no else branch, and x and k pure.
func loadOrStoreShape(c *mapclass.Class, u *mapclass.Use, ix *ast.IndexExpr) (*ast.IfStmt, bool) {
	info := u.File.Package.TypesInfo
	var ifs *ast.IfStmt
	for i := len(u.Stack) - 1; i >= 1; i-- {
		if as, ok := u.Stack[i].(*ast.AssignStmt); ok {
			ifs, _ = u.Stack[i-1].(*ast.IfStmt)
			if ifs != nil && ifs.Init != as {
				ifs = nil
			}
			break
		}
	}
	if ifs == nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil, false
	}
	as := ifs.Init.(*ast.AssignStmt)
	if as.Tok != token.DEFINE || !isBlank(as.Lhs[0]) {
		return nil, false
	}
	okID, _ := as.Lhs[1].(*ast.Ident)
	not, _ := ifs.Cond.(*ast.UnaryExpr)
	if okID == nil || not == nil || not.Op != token.NOT {
		return nil, false
	}
	if id, _ := ast.Unparen(not.X).(*ast.Ident); id == nil || info.Uses[id] != info.Defs[okID] {
		return nil, false
	}
	w, _ := ifs.Body.List[0].(*ast.AssignStmt)
	if w == nil || w.Tok != token.ASSIGN || len(w.Lhs) != 1 || len(w.Rhs) != 1 {
		return nil, false
	}
	wix, _ := ast.Unparen(w.Lhs[0]).(*ast.IndexExpr)
	if wix == nil || types.ExprString(wix) != types.ExprString(ix) || !sameClass(c, wix.X) {
		return nil, false
	}
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) || !pure(c, info, w.Rhs[0]) {
		return nil, false
	}
	return ifs, true
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// checkThenAct notes a write that depends on an earlier test of the same
// map: in an enclosing if, or in an if before it in the same block (a
// guard that leaves when the entry is there): the two are separate
// operations now.
func (p *classPlan) checkThenAct(u *mapclass.Use) {
	var ifs []*ast.IfStmt
	before := make(map[*ast.IfStmt]bool) // ifs that precede u rather than enclose it
	for i := len(u.Stack) - 1; i >= 0; i-- {
		switch n := u.Stack[i].(type) {
		case *ast.IfStmt:
			ifs = append(ifs, n)
		case *ast.BlockStmt:
			for _, s := range n.List {
				if s.Pos() > u.Pos() {
					break
				}
				if g, ok := s.(*ast.IfStmt); ok && g.End() < u.Pos() {
					ifs = append(ifs, g)
					before[g] = true
				}
			}
		case *ast.FuncLit, *ast.FuncDecl:
			i = -1 // a test outside the function is not this one's
		}
	}
	key := ""
	switch n := u.Node.(type) {
	case *ast.IndexExpr:
		key = types.ExprString(n.Index)
	case *ast.CallExpr:
		if len(n.Args) == 2 {
			key = types.ExprString(n.Args[1])
		}
	}
	for _, ifs := range ifs {
		for _, r := range p.class.Uses {
			if r.File != u.File || (r.Op != mapclass.Read && r.Op != mapclass.Len) {
				continue
			}
			if before[ifs] {
				// A test before the write is about this entry only
				// when it reads the same key.
				rix, ok := r.Node.(*ast.IndexExpr)
				if !ok || key == "" || types.ExprString(rix.Index) != key {
					continue
				}
			}
			in := func(n ast.Node) bool { return n != nil && r.Pos() >= n.Pos() && r.Pos() < n.End() }
			if in(ifs.Init) || in(ifs.Cond) {
				p.note(u.Pos(), "check-then-act: the test at line %d and this %s are separate operations on the map now, so another goroutine may write between them; use LoadOrStore or Compute if that matters",
					u.File.Package.Fset.Position(r.Pos()).Line, opName(u.Op))
				return
			}
		}
	}
}

// rangeThenAct notes a write or delete of the entry a range over the same
// map has just produced, made on a condition: the loop's read of the entry
// and the act are two operations on the map now.
func (p *classPlan) rangeThenAct(u *mapclass.Use) {
	var m, key ast.Expr
	switch n := u.Node.(type) {
	case *ast.CallExpr:
		if len(n.Args) == 2 {
			m, key = n.Args[0], n.Args[1]
		}
	case *ast.IndexExpr:
		m, key = n.X, n.Index
	}
	kid, _ := ast.Unparen(key).(*ast.Ident)
	if kid == nil {
		return
	}
	info := u.File.Package.TypesInfo
	conditional := false
	for i := len(u.Stack) - 1; i >= 0; i-- {
		switch s := u.Stack[i].(type) {
		case *ast.IfStmt, *ast.SwitchStmt:
			conditional = true
		case *ast.FuncLit:
			return
		case *ast.RangeStmt:
			id, _ := s.Key.(*ast.Ident)
			if id == nil || info.ObjectOf(id) != info.ObjectOf(kid) || !sameClass(p.class, s.X) ||
				types.ExprString(s.X) != types.ExprString(m) {
				continue
			}
			if conditional {
				p.note(u.Pos(), "check-then-act: the range at line %d reads this entry and this %s acts on what it read, but the two are separate operations on the map now, so another goroutine may change the entry between them (lines %d-%d are no longer atomic); use Compute if that matters",
					u.File.Package.Fset.Position(s.Pos()).Line, opName(u.Op),
					u.File.Package.Fset.Position(s.Pos()).Line, u.File.Package.Fset.Position(u.Pos()).Line)
			}
			return
		}
	}
}

func opName(op mapclass.Op) string {
	if op == mapclass.Delete {
		return "delete"
	}
	return "write"
}
