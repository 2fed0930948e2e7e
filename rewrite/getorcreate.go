package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Get or create: the idiom that looks an entry up and makes it when it is
// missing,
//
//	v, ok := m[k]
//	if !ok {
//		v = x
//		m[k] = v
//	}
//
// becomes one call, v, ok := m.LoadOrStore(k, x). LoadOrStore hands back
// the value that is there and reports whether it was, as the comma-ok
// read did, so v and ok keep their meaning; two goroutines that miss the
// same key now agree on one value instead of each keeping its own. x is
// evaluated on every call now, so it must be total: free of side effects
// and unable to panic (literals, make, names and field reads through
// values; not *p, not s[i], not a division), and it must not name v, ok
// or the map. Only its cost changes then. When nothing but the if reads
// ok, it becomes _.

var kindGetOrCreate = &kind{edit: (*editor).editGetOrCreate}

type getOrCreateData struct {
	value  ast.Expr // x
	dropOK bool
}

// planGetOrCreate plans the get-or-create idiom around a v, ok := m[k].
func (p *classPlan) planGetOrCreate(u *mapclass.Use) bool {
	ix := u.Node.(*ast.IndexExpr)
	if !commaOK(ix, u.Stack) {
		return false
	}
	as, ifs, dropOK, ok := getOrCreateShape(p.class, u, ix)
	if !ok {
		return false
	}
	store := ifs.Body.List[1].(*ast.AssignStmt)
	create := ifs.Body.List[0].(*ast.AssignStmt)
	p.add(as, u.File, &action{kind: kindGetOrCreate, data: &getOrCreateData{value: create.Rhs[0], dropOK: dropOK}})
	p.add(ix, u.File, &action{kind: kindSkip})
	p.add(ifs, u.File, &action{kind: kindDropStmt})
	p.add(store, u.File, &action{kind: kindSkip})
	p.add(ast.Unparen(store.Lhs[0]), u.File, &action{kind: kindSkip})
	return true
}

// getOrCreateShape matches the idiom around ix, the m[k] of v, ok := m[k],
// and returns that statement, the if after it, and whether ok may become _.
func getOrCreateShape(c *mapclass.Class, u *mapclass.Use, ix *ast.IndexExpr) (*ast.AssignStmt, *ast.IfStmt, bool, bool) {
	info := u.File.Package.TypesInfo
	n, i := above(ix, u.Stack)
	as, _ := n.(*ast.AssignStmt)
	if as == nil || i < 1 || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil, nil, false, false
	}
	vID, _ := as.Lhs[0].(*ast.Ident)
	okID, _ := as.Lhs[1].(*ast.Ident)
	if vID == nil || okID == nil || isBlank(vID) || isBlank(okID) {
		return nil, nil, false, false
	}
	vObj, okObj := info.ObjectOf(vID), info.ObjectOf(okID)
	ifs, _ := nextStmt(u.Stack[i-1], as).(*ast.IfStmt)
	if ifs == nil || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 2 {
		return nil, nil, false, false
	}
	not, _ := ast.Unparen(ifs.Cond).(*ast.UnaryExpr)
	if not == nil || not.Op != token.NOT {
		return nil, nil, false, false
	}
	if id, _ := ast.Unparen(not.X).(*ast.Ident); id == nil || info.Uses[id] != okObj {
		return nil, nil, false, false
	}
	create, _ := ifs.Body.List[0].(*ast.AssignStmt)
	if create == nil || create.Tok != token.ASSIGN || len(create.Lhs) != 1 || len(create.Rhs) != 1 {
		return nil, nil, false, false
	}
	if id, _ := ast.Unparen(create.Lhs[0]).(*ast.Ident); id == nil || info.Uses[id] != vObj {
		return nil, nil, false, false
	}
	store, _ := ifs.Body.List[1].(*ast.AssignStmt)
	if store == nil || store.Tok != token.ASSIGN || len(store.Lhs) != 1 || len(store.Rhs) != 1 {
		return nil, nil, false, false
	}
	six, _ := ast.Unparen(store.Lhs[0]).(*ast.IndexExpr)
	if six == nil || !sameRefs(info, six, ix) || !sameClass(c, six.X) {
		return nil, nil, false, false
	}
	if mentions(info, ix, vObj) || mentions(info, ix, okObj) {
		// name, ok := r.alias[name]: the store's key is the new name.
		return nil, nil, false, false
	}
	if id, _ := ast.Unparen(store.Rhs[0]).(*ast.Ident); id == nil || info.Uses[id] != vObj {
		return nil, nil, false, false
	}
	if !pure(c, info, ix.X) || !pure(c, info, ix.Index) || !total(c, info, create.Rhs[0], vObj, okObj, lookedThrough(info, ix.X)) {
		return nil, nil, false, false
	}
	fset := u.File.Package.Fset
	for _, g := range u.File.Syntax.Comments {
		if l := fset.Position(g.Pos()).Line; l > fset.Position(as.End()).Line && l <= fset.Position(ifs.End()).Line {
			return nil, nil, false, false // the if goes, and its comments have no place to go
		}
	}
	// ok may go when the if was its only reader; := still declares v
	// when v is new here.
	var body ast.Node
	for j := i - 1; j >= 0 && body == nil; j-- {
		switch f := u.Stack[j].(type) {
		case *ast.FuncLit:
			body = f.Body
		case *ast.FuncDecl:
			body = f.Body
		}
	}
	if body == nil || info.Defs[okID] == nil {
		return nil, nil, false, false
	}
	dropOK := !usedOutside(info, okID, body, ifs.Cond)
	if dropOK && info.Defs[vID] == nil {
		return nil, nil, false, false
	}
	return as, ifs, dropOK, true
}

// editGetOrCreate rewrites v, ok := m[k] as v, ok := m.LoadOrStore(k, x).
func (e *editor) editGetOrCreate(c *dstutil.Cursor, a *action) {
	as := c.Node().(*dst.AssignStmt)
	d := a.data.(*getOrCreateData)
	ix, ok := unparen(as.Rhs[0]).(*dst.IndexExpr)
	if !ok {
		e.err = fmt.Errorf("the lookup of a get-or-create is not an index expression")
		return
	}
	v, ok := e.dec.Dst.Nodes[d.value].(dst.Expr)
	if !ok {
		e.err = fmt.Errorf("the created value %s is missing from the decorated file", types.ExprString(d.value))
		return
	}
	v = dst.Clone(v).(dst.Expr)
	v.Decorations().Before, v.Decorations().After = dst.None, dst.None
	as.Rhs[0] = withDecs(call(method(ix.X, "LoadOrStore"), ix.Index, v), ix)
	if d.dropOK {
		as.Lhs[1] = dst.NewIdent("_")
	}
}

// total reports whether evaluating e has no effect and cannot panic, so
// that it may run where it did not before, and names neither v, ok nor a
// map of the class.
func total(c *mapclass.Class, info *types.Info, e ast.Expr, v, ok, through types.Object) bool {
	if sameClass(c, e) {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		obj := info.Uses[e]
		return obj != v && obj != ok
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, isKV := el.(*ast.KeyValueExpr); isKV {
				if _, isField := kv.Key.(*ast.Ident); !isField && !total(c, info, kv.Key, v, ok, through) {
					return false
				}
				el = kv.Value
			}
			if !total(c, info, el, v, ok, through) {
				return false
			}
		}
		return true
	case *ast.UnaryExpr:
		switch e.Op {
		case token.AND:
			_, isLit := ast.Unparen(e.X).(*ast.CompositeLit)
			return isLit && total(c, info, e.X, v, ok, through)
		case token.SUB, token.ADD, token.NOT, token.XOR:
			return total(c, info, e.X, v, ok, through)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.QUO, token.REM, token.SHL, token.SHR:
			return false // division by zero, negative shifts
		}
		return total(c, info, e.X, v, ok, through) && total(c, info, e.Y, v, ok, through)
	case *ast.SelectorExpr:
		if s := info.Selections[e]; s != nil {
			// A field read through values only: a pointer on the way
			// may be nil, unless the lookup went through it already
			// (l.buckets[ip], then l.burst).
			if s.Kind() != types.FieldVal {
				return false
			}
			if id, isID := ast.Unparen(e.X).(*ast.Ident); isID && through != nil && info.Uses[id] == through && len(s.Index()) == 1 {
				return true
			}
			if s.Indirect() {
				return false
			}
			if _, ptr := info.TypeOf(e.X).Underlying().(*types.Pointer); ptr {
				return false
			}
			return total(c, info, e.X, v, ok, through)
		}
		_, isVar := info.Uses[e.Sel].(*types.Var)
		_, isConst := info.Uses[e.Sel].(*types.Const)
		return isVar || isConst // pkg.Name
	case *ast.CallExpr:
		if isBuiltinCall(info, e, "make") || isBuiltinCall(info, e, "new") {
			for _, a := range e.Args[1:] {
				if !total(c, info, a, v, ok, through) || info.Types[a].Value == nil {
					return false // a length that may be negative
				}
			}
			return true
		}
	}
	return false
}

// lookedThrough returns the pointer variable that the map expression x
// dereferences to reach the map (l in l.buckets), or nil.
func lookedThrough(info *types.Info, x ast.Expr) types.Object {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	if _, ptr := info.TypeOf(id).Underlying().(*types.Pointer); !ptr {
		return nil
	}
	return info.Uses[id]
}
