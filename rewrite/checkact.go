package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Check-then-act: a test of an entry and an act on it are one operation on
// a plain map (nothing else runs between them) but two on a *Map. Where
// the shape allows, the pair becomes one call that does both under the
// entry's lock (LoadOrStore, Compute); elsewhere the rewrite notes that
// the two are separate now (checkThenAct, rangeThenAct).

var (
	kindLoadOrStore  = &kind{edit: (*editor).editLoadOrStore} // if _, ok := m[k]; !ok { m[k] = x } -> m.LoadOrStore(k, x)
	kindGuardLoad    = &kind{edit: (*editor).editGuardLoad}   // if _, ok := m[k]; ok { return }; m[k] = v -> if _, ok := m.LoadOrStore(k, v); ok { return }
	kindGuardStore   = &kind{edit: (*editor).editGuardStore}  // the store a kindGuardLoad took in
	kindDropStmt     = &kind{edit: (*editor).editDropStmt}    // a statement another edit took in
	kindCompute      = &kind{edit: (*editor).compute}         // [m[k]--;] if m[k] == 0 { delete(m, k) } -> m.Compute(k, ...)
	kindComputePre   = &kind{edit: (*editor).editComputePre}  // the m[k]-- a kindCompute takes in
	kindRangeCompute = &kind{edit: (*editor).rangeCompute}    // for k, v := range m { if v == 0 { delete(m, k) } } -> m.Compute(k, ...)
)

// checkActRead plans a read of m[k] that tests the entry an act after it
// works on, when the pair can become one call.
func (p *classPlan) checkActRead(u *mapclass.Use) bool {
	return p.planCompute(u) || p.planGuardStore(u) || p.planLoadOrStore(u) || p.planGetOrCreate(u)
}

// checkActDelete plans a delete that acts on the entry a range has just
// produced, when the pair can become one call.
func (p *classPlan) checkActDelete(u *mapclass.Use) bool {
	return p.planRangeDelete(u)
}

// computeData is a kindCompute's: an m[k] of the operation (its map and
// key are the Compute's), and the action of the update before the if, if
// any.
type computeData struct {
	entry *ast.IndexExpr
	pre   *action
}

// preData is a kindComputePre's: its statement, taken out of its block by
// its own edit, for the Compute's edit to put into the function.
type preData struct{ stmt dst.Stmt }

// rangeComputeData is a kindRangeCompute's: the name of Compute's second
// parameter.
type rangeComputeData struct{ okName string }

// guardData is shared by a kindGuardLoad and its kindGuardStore: the
// LoadOrStore call the first made, whose value the second puts in.
type guardData struct {
	value ast.Expr // the stored value
	load  *dst.CallExpr
}

// A test of an entry followed by a write of the same entry is one
// operation on a plain map, but two on a *Map, with room for another
// goroutine's write between them. Where the test and the write only use
// the entry and values that cannot change meanwhile, the pair becomes one
// Compute, which runs both under the entry's lock:
//
//	m[k]--                          m.Compute(k, func(v int, _ bool) (int, sm.ComputeOp) {
//	if m[k] == 0 {                      v--
//		delete(m, k)          ->        if v == 0 {
//	}                                       return v, sm.DeleteOp
//	                                    }
//	                                    return v, sm.UpdateOp
//	                                })
//
// and likewise "if !m[k] { m[k] = true }" (UpdateOp in the branch, CancelOp
// after it) or "if m[k] > max { delete(m, k) }".

// condAct is the shape found around a test of an entry.
type condAct struct {
	ifs  *ast.IfStmt
	pre  ast.Stmt         // m[k]--, m[k] op= x before the if, or nil
	act  ast.Stmt         // the if's one statement
	del  *ast.CallExpr    // act's delete(m, k), or nil
	self []*ast.IndexExpr // every m[k] of pre, the condition and act
}

// matchCondAct matches "[m[k] op= x;] if cond { act }" around ix, a read of
// m[k] in cond, where act writes or deletes m[k], and cond, x and act's
// operands only use m[k] and pure expressions.
func matchCondAct(c *mapclass.Class, u *mapclass.Use, ix *ast.IndexExpr) (*condAct, bool) {
	info := u.File.Package.TypesInfo
	var ifs *ast.IfStmt
	var block []ast.Stmt
	for i := len(u.Stack) - 1; i >= 1; i-- {
		if s, ok := u.Stack[i].(*ast.IfStmt); ok {
			if s.Cond == nil || ix.Pos() < s.Cond.Pos() || ix.End() > s.Cond.End() {
				return nil, false // in the init or the body, not the test
			}
			ifs = s
			switch p := u.Stack[i-1].(type) {
			case *ast.BlockStmt:
				block = p.List
			case *ast.CaseClause:
				block = p.Body
			case *ast.CommClause:
				block = p.Body
			default:
				return nil, false // else if: no statement can replace it
			}
			break
		}
		if _, ok := u.Stack[i].(ast.Stmt); ok {
			return nil, false
		}
	}
	if ifs == nil || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil, false
	}
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) {
		return nil, false
	}
	want := types.ExprString(ix)
	ca := &condAct{ifs: ifs, act: ifs.Body.List[0]}
	// sameEntry reports whether e is m[k] of the class, the same text.
	sameEntry := func(e ast.Expr) *ast.IndexExpr {
		x, _ := ast.Unparen(e).(*ast.IndexExpr)
		if x != nil && types.ExprString(x) == want && sameClass(c, x.X) {
			return x
		}
		return nil
	}
	// only reports whether e uses no map but m[k] and is pure otherwise,
	// collecting its m[k]s.
	only := func(e ast.Expr) bool {
		self := selfReads(c, info, ix, e)
		if !updateSafe(c, info, e, self) {
			return false
		}
		ca.self = append(ca.self, self...)
		return true
	}
	if !only(ifs.Cond) {
		return nil, false
	}
	// The one statement of the body.
	switch s := ca.act.(type) {
	case *ast.IncDecStmt:
		x := sameEntry(s.X)
		if x == nil {
			return nil, false
		}
		ca.self = append(ca.self, x)
	case *ast.AssignStmt:
		if len(s.Lhs) != 1 || len(s.Rhs) != 1 || s.Tok == token.DEFINE {
			return nil, false
		}
		x := sameEntry(s.Lhs[0])
		if x == nil || !only(s.Rhs[0]) {
			return nil, false
		}
		ca.self = append(ca.self, x)
	case *ast.ExprStmt:
		call, _ := ast.Unparen(s.X).(*ast.CallExpr)
		if call == nil || !isBuiltinCall(info, call, "delete") || len(call.Args) != 2 ||
			!sameClass(c, call.Args[0]) || types.ExprString(call.Args[0]) != types.ExprString(ix.X) ||
			types.ExprString(call.Args[1]) != types.ExprString(ix.Index) {
			return nil, false
		}
		ca.del = call
	default:
		return nil, false
	}
	// An update of the entry right before the if joins the operation.
	for i, s := range block {
		if s != ifs || i == 0 {
			continue
		}
		switch p := block[i-1].(type) {
		case *ast.IncDecStmt:
			if x := sameEntry(p.X); x != nil {
				ca.pre = p
				ca.self = append(ca.self, x)
			}
		case *ast.AssignStmt:
			if len(p.Lhs) == 1 && len(p.Rhs) == 1 && p.Tok != token.ASSIGN && p.Tok != token.DEFINE {
				if x := sameEntry(p.Lhs[0]); x != nil {
					n := len(ca.self)
					if only(p.Rhs[0]) {
						ca.pre = p
						ca.self = append(ca.self, x)
					} else {
						ca.self = ca.self[:n]
					}
				}
			}
		}
	}
	if _, _, err := typeString(u.File, c.Type.Elem()); err != nil {
		return nil, false
	}
	return ca, true
}

// planCompute plans the Compute of a test of m[k] in the shape
// matchCondAct matches.
func (p *classPlan) planCompute(u *mapclass.Use) bool {
	ix := u.Node.(*ast.IndexExpr)
	ca, ok := matchCondAct(p.class, u, ix)
	if !ok {
		return false
	}
	param := freshName(maps.Clone(p.names.of(u)), "v")
	d := &computeData{entry: ix}
	if ca.pre != nil {
		d.pre = &action{kind: kindComputePre, data: &preData{}}
		p.add(ca.pre, u.File, d.pre)
	}
	p.add(ca.ifs, u.File, &action{kind: kindCompute, param: param, data: d})
	for _, x := range ca.self {
		p.add(x, u.File, &action{kind: kindSelf, param: param})
	}
	if ca.del != nil {
		p.add(ca.del, u.File, &action{kind: kindSkip})
	}
	if ca.act != nil {
		p.add(ca.act, u.File, &action{kind: kindSkip})
	}
	return true
}

// editComputePre takes the update before a Compute's if out of its
// block; the Compute's edit puts it into the function.
func (e *editor) editComputePre(c *dstutil.Cursor, a *action) {
	a.data.(*preData).stmt = c.Node().(dst.Stmt)
	c.Delete()
}

// compute builds the Compute call that replaces a planned if statement
// (and the update before it, which its own action took out of the block).
func (e *editor) compute(c *dstutil.Cursor, a *action) {
	ifs := c.Node().(*dst.IfStmt)
	d := a.data.(*computeData)
	ix, ok := e.dec.Dst.Nodes[d.entry].(*dst.IndexExpr)
	if !ok {
		e.err = fmt.Errorf("the map entry %s of a check-then-act is missing from the decorated file", types.ExprString(d.entry))
		return
	}
	var pre dst.Stmt
	if d.pre != nil {
		pre = d.pre.data.(*preData).stmt
	}
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	ret := func(op string) dst.Stmt {
		return &dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(a.param), e.qual(op)}}
	}
	var body []dst.Stmt
	if pre != nil {
		body = append(body, pre)
	}
	act := ifs.Body.List[0]
	if es, ok := act.(*dst.ExprStmt); ok && isDeleteCall(es.X) {
		ifs.Body.List = []dst.Stmt{stmtDecs(ret("DeleteOp"), act)}
	} else {
		ifs.Body.List = append(ifs.Body.List, ret("UpdateOp"))
	}
	after := "CancelOp"
	if d.pre != nil {
		after = "UpdateOp"
	}
	body = append(body, ifs, ret(after))
	fn := &dst.FuncLit{
		Type: &dst.FuncType{
			Func: true,
			Params: &dst.FieldList{List: []*dst.Field{
				{Names: []*dst.Ident{dst.NewIdent(a.param)}, Type: vt},
				{Names: []*dst.Ident{dst.NewIdent("_")}, Type: dst.NewIdent("bool")},
			}},
			Results: &dst.FieldList{List: []*dst.Field{{Type: dst.Clone(vt).(dst.Expr)}, {Type: e.qual("ComputeOp")}}},
		},
		Body: &dst.BlockStmt{List: body},
	}
	out := stmtWithDecs(call(method(dst.Clone(ix.X).(dst.Expr), "Compute"), dst.Clone(ix.Index).(dst.Expr), fn), ifs)
	ifs.Decs.NodeDecs = dst.NodeDecs{} // now on the new statement
	if pre != nil {
		// The update's comments and spacing lead the new statement.
		pd, od := pre.Decorations(), out.Decorations()
		od.Before, od.Start = pd.Before, append(pd.Start, od.Start...)
		pd.Before, pd.Start = dst.NewLine, nil
	}
	c.Replace(out)
}

// stmtDecs gives s the decorations of old.
func stmtDecs(s dst.Stmt, old dst.Node) dst.Stmt {
	*s.Decorations() = *old.Decorations()
	return s
}

func isDeleteCall(x dst.Expr) bool {
	call, ok := x.(*dst.CallExpr)
	if !ok {
		return false
	}
	id, ok := call.Fun.(*dst.Ident)
	return ok && id.Name == "delete"
}

// A range that deletes the entry it has just produced, on a test of what
// it read, becomes a Compute on that key, which tests the entry as it is
// now (another goroutine may have changed or deleted it since the range
// produced it):
//
//	for k, v := range m {            for k, v := range m.All() {
//		if v == 0 {                      m.Compute(k, func(v int, ok bool) (int, sm.ComputeOp) {
//			delete(m, k)     ->             if ok && v == 0 {
//		}                                       return v, sm.DeleteOp
//	}                                       }
//	                                        return v, sm.CancelOp
//	                                    })
//
// The function's parameter takes the name of the loop's value, so the test
// reads the entry's current value.

// matchRangeDelete matches "if cond { delete(m, k) }" directly in the body
// of "for k, v := range m", where cond uses no map and calls nothing.
func matchRangeDelete(c *mapclass.Class, u *mapclass.Use) (rs *ast.RangeStmt, ifs *ast.IfStmt, param string, ok bool) {
	call, _ := u.Node.(*ast.CallExpr)
	if call == nil || len(call.Args) != 2 {
		return nil, nil, "", false
	}
	info := u.File.Package.TypesInfo
	st := u.Stack
	i := len(st) - 1
	for i >= 0 && st[i] != ast.Node(call) {
		i--
	}
	// call, ExprStmt, BlockStmt, IfStmt, BlockStmt, RangeStmt
	if i < 5 {
		return nil, nil, "", false
	}
	es, _ := st[i-1].(*ast.ExprStmt)
	ifs, _ = st[i-3].(*ast.IfStmt)
	rs, _ = st[i-5].(*ast.RangeStmt)
	if es == nil || ifs == nil || rs == nil || es.X != ast.Expr(call) || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil, nil, "", false
	}
	if rs.Tok != token.DEFINE || !sameClass(c, rs.X) || types.ExprString(rs.X) != types.ExprString(call.Args[0]) {
		return nil, nil, "", false
	}
	kid, _ := rs.Key.(*ast.Ident)
	arg, _ := ast.Unparen(call.Args[1]).(*ast.Ident)
	if kid == nil || arg == nil || info.ObjectOf(kid) != info.ObjectOf(arg) || !pure(c, info, rs.X) {
		return nil, nil, "", false
	}
	if !updateSafe(c, info, ifs.Cond, nil) {
		return nil, nil, "", false
	}
	if vid, _ := rs.Value.(*ast.Ident); vid != nil && vid.Name != "_" {
		param = vid.Name
	}
	if _, _, err := typeString(u.File, c.Type.Elem()); err != nil {
		return nil, nil, "", false
	}
	return rs, ifs, param, true
}

// planRangeDelete plans the Compute of a delete in the shape
// matchRangeDelete matches.
func (p *classPlan) planRangeDelete(u *mapclass.Use) bool {
	rs, ifs, param, ok := matchRangeDelete(p.class, u)
	if !ok {
		return false
	}
	names := maps.Clone(p.names.of(u))
	if param == "" {
		param = freshName(names, "v")
	} else if !usedOutside(u.File.Package.TypesInfo, rs.Value.(*ast.Ident), rs.Body, ifs.Cond) {
		// The test was the loop value's only use, and it now reads the
		// Compute's parameter: the loop ranges over the keys alone.
		if ra := p.actions[rs]; ra != nil && ra.kind == kindRange {
			rd := ra.data.(*rangeData)
			rd.method, rd.dropValue = "Keys", true
		}
	}
	a := &action{kind: kindRangeCompute, param: param, data: &rangeComputeData{okName: freshName(names, "ok")}}
	p.add(ifs, u.File, a)
	p.add(u.Node, u.File, &action{kind: kindSkip})
	return true
}

// rangeCompute builds the Compute call that replaces a planned if.
func (e *editor) rangeCompute(c *dstutil.Cursor, a *action) {
	ifs := c.Node().(*dst.IfStmt)
	del := ifs.Body.List[0].(*dst.ExprStmt).X.(*dst.CallExpr)
	okName := a.data.(*rangeComputeData).okName
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	cond := ifs.Cond
	if be, ok := cond.(*dst.BinaryExpr); ok && be.Op == token.LOR {
		cond = &dst.ParenExpr{X: cond}
	}
	ifs.Cond = &dst.BinaryExpr{X: dst.NewIdent(okName), Op: token.LAND, Y: cond}
	ret := func(op string) dst.Stmt {
		return &dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(a.param), e.qual(op)}}
	}
	ifs.Body.List = []dst.Stmt{stmtDecs(ret("DeleteOp"), ifs.Body.List[0])}
	fn := &dst.FuncLit{
		Type: &dst.FuncType{
			Func: true,
			Params: &dst.FieldList{List: []*dst.Field{
				{Names: []*dst.Ident{dst.NewIdent(a.param)}, Type: vt},
				{Names: []*dst.Ident{dst.NewIdent(okName)}, Type: dst.NewIdent("bool")},
			}},
			Results: &dst.FieldList{List: []*dst.Field{{Type: dst.Clone(vt).(dst.Expr)}, {Type: e.qual("ComputeOp")}}},
		},
		Body: &dst.BlockStmt{List: []dst.Stmt{ifs, ret("CancelOp")}},
	}
	out := stmtWithDecs(call(method(del.Args[0], "Compute"), del.Args[1], fn), ifs)
	ifs.Decs.NodeDecs = dst.NodeDecs{}
	c.Replace(out)
}

// usedOutside reports whether the variable id declares is used in body
// outside the expression except.
func usedOutside(info *types.Info, id *ast.Ident, body ast.Node, except ast.Node) bool {
	obj := info.Defs[id]
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == except {
			return false
		}
		if x, ok := n.(*ast.Ident); ok && info.Uses[x] == obj {
			used = true
		}
		return !used
	})
	return used
}

// A guard that leaves when the key is there, followed by a store of that
// key, is a LoadOrStore:
//
//	if _, ok := m[k]; ok {            if _, ok := m.LoadOrStore(k, v); ok {
//		return                ->          return
//	}                                 }
//	m[k] = v
//
// LoadOrStore returns the value that is there when it loads, so a guard
// that reads the value (v, ok := m[k]) keeps its meaning.

// matchGuardStore matches the shape around ix, the m[k] of the guard's
// init, and returns the store that follows the if.
func matchGuardStore(c *mapclass.Class, u *mapclass.Use, ix *ast.IndexExpr) (*ast.AssignStmt, bool) {
	info := u.File.Package.TypesInfo
	as, i := above(ix, u.Stack)
	init, _ := as.(*ast.AssignStmt)
	if init == nil || i < 2 || init.Tok != token.DEFINE || len(init.Lhs) != 2 || len(init.Rhs) != 1 {
		return nil, false
	}
	ifs, _ := u.Stack[i-1].(*ast.IfStmt)
	if ifs == nil || ifs.Init != ast.Stmt(init) || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return nil, false
	}
	okID, _ := init.Lhs[1].(*ast.Ident)
	cond, _ := ast.Unparen(ifs.Cond).(*ast.Ident)
	if okID == nil || cond == nil || info.Uses[cond] == nil || info.Uses[cond] != info.Defs[okID] {
		return nil, false
	}
	if !terminates(info, ifs.Body.List[len(ifs.Body.List)-1]) {
		return nil, false
	}
	w, _ := nextStmt(u.Stack[i-2], ifs).(*ast.AssignStmt)
	if w == nil || w.Tok != token.ASSIGN || len(w.Lhs) != 1 || len(w.Rhs) != 1 {
		return nil, false
	}
	wix, _ := ast.Unparen(w.Lhs[0]).(*ast.IndexExpr)
	if wix == nil || !sameRefs(info, wix, ix) || !sameClass(c, wix.X) {
		return nil, false
	}
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) || !pure(c, info, w.Rhs[0]) {
		return nil, false
	}
	if hasComment(u.File.Syntax, u.File.Package.Fset, w) {
		return nil, false // the store goes, and its comment has no place to go
	}
	return w, true
}

// terminates reports whether s leaves the block: a return, a branch, or a
// call of panic.
func terminates(info *types.Info, s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, _ := ast.Unparen(s.X).(*ast.CallExpr)
		return call != nil && isBuiltinCall(info, call, "panic")
	}
	return false
}

// planGuardStore plans the LoadOrStore of a guard and the store after it,
// in the shape matchGuardStore matches around a v, ok := m[k].
func (p *classPlan) planGuardStore(u *mapclass.Use) bool {
	ix := u.Node.(*ast.IndexExpr)
	if !commaOK(ix, u.Stack) {
		return false
	}
	w, ok := matchGuardStore(p.class, u, ix)
	if !ok {
		return false
	}
	d := &guardData{value: w.Rhs[0]}
	p.add(ix, u.File, &action{kind: kindGuardLoad, data: d})
	p.add(w, u.File, &action{kind: kindGuardStore, data: d})
	p.add(ast.Unparen(w.Lhs[0]), u.File, &action{kind: kindSkip})
	return true
}

// editGuardLoad rewrites the guard's m[k] as a LoadOrStore, whose value
// the store after the guard gives (editGuardStore).
func (e *editor) editGuardLoad(c *dstutil.Cursor, a *action) {
	ix := c.Node().(*dst.IndexExpr)
	d := a.data.(*guardData)
	// Until the store gives its edited value, a copy of the value as
	// written holds its place.
	v, ok := e.dec.Dst.Nodes[d.value].(dst.Expr)
	if !ok {
		e.err = fmt.Errorf("the stored value %s is missing from the decorated file", types.ExprString(d.value))
		return
	}
	v = dst.Clone(v).(dst.Expr)
	v.Decorations().Before, v.Decorations().After = dst.None, dst.None
	load := call(method(ix.X, "LoadOrStore"), ix.Index, v)
	d.load = load
	c.Replace(withDecs(load, ix))
}

// editGuardStore moves the value of the store after a guard into the
// guard's LoadOrStore, and deletes the store. Edits are made children
// first, the guard before the store after it: the value is moved with its
// own edits done (len(m) -> m.Len()).
func (e *editor) editGuardStore(c *dstutil.Cursor, a *action) {
	load := a.data.(*guardData).load
	w, ok := c.Node().(*dst.AssignStmt)
	if load == nil || !ok || len(w.Rhs) != 1 {
		e.err = fmt.Errorf("the store after a guard was edited before the guard")
		return
	}
	v := w.Rhs[0]
	v.Decorations().Before, v.Decorations().After = dst.None, dst.None
	load.Args[1] = v
	c.Delete()
}

// editDropStmt deletes a statement another edit took in.
func (e *editor) editDropStmt(c *dstutil.Cursor, _ *action) {
	c.Delete()
}

// planLoadOrStore plans "if _, ok := m[k]; !ok { m[k] = x }" around a
// v, ok := m[k] as a LoadOrStore.
func (p *classPlan) planLoadOrStore(u *mapclass.Use) bool {
	ix := u.Node.(*ast.IndexExpr)
	if !commaOK(ix, u.Stack) {
		return false
	}
	ifs, ok := loadOrStoreShape(p.class, u, ix)
	if !ok {
		return false
	}
	p.add(ifs, u.File, &action{kind: kindLoadOrStore})
	p.add(ix, u.File, &action{kind: kindSkip})
	w := ifs.Body.List[0].(*ast.AssignStmt)
	p.add(w, u.File, &action{kind: kindSkip})
	p.add(ast.Unparen(w.Lhs[0]), u.File, &action{kind: kindSkip})
	return true
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

// editLoadOrStore rewrites the if as m.LoadOrStore(k, x).
func (e *editor) editLoadOrStore(c *dstutil.Cursor, _ *action) {
	ifs := c.Node().(*dst.IfStmt)
	ix := unparen(ifs.Init.(*dst.AssignStmt).Rhs[0]).(*dst.IndexExpr)
	val := ifs.Body.List[0].(*dst.AssignStmt).Rhs[0]
	c.Replace(stmtWithDecs(call(method(ix.X, "LoadOrStore"), ix.Index, val), ifs))
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
			if in(ifs.Init) || in(ifs.Cond) || !before[ifs] && r.Pos() < ifs.Pos() && testsRead(u.File.Package.TypesInfo, ifs.Cond, r) {
				p.note(u.Pos(), "check-then-act: the test at line %d and this %s are separate operations on the map now, so another goroutine may write between them; use LoadOrStore or Compute if that matters",
					u.File.Package.Fset.Position(r.Pos()).Line, opName(u.Op))
				return
			}
		}
	}
}

// testsRead reports whether cond tests what the read r of m[k] put into
// variables (v, ok := m[k] or v := m[k], then if !ok or if v == nil):
// the get-or-create idiom that planGetOrCreate could not take whole.
func testsRead(info *types.Info, cond ast.Expr, r *mapclass.Use) bool {
	ix, ok := r.Node.(*ast.IndexExpr)
	if !ok {
		return false
	}
	n, _ := above(ix, r.Stack)
	as, _ := n.(*ast.AssignStmt)
	if as == nil || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ix {
		return false
	}
	vars := make(map[types.Object]bool)
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && !isBlank(id) {
			vars[info.ObjectOf(id)] = true
		}
	}
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && vars[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
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
