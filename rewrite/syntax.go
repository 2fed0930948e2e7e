package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// Questions about go/ast syntax that the planners of several families ask.

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

// parentOf returns the node that directly encloses n in stack, or nil.
func parentOf(n ast.Node, stack []ast.Node) ast.Node {
	p, _ := above(n, stack)
	return p
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

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func sameClass(c *mapclass.Class, e ast.Expr) bool {
	for _, u := range c.Uses {
		if u.Expr == ast.Unparen(e) {
			return true
		}
	}
	return false
}

func isBuiltinCall(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// hasComment reports whether a comment sits on the lines of n.
func hasComment(f *ast.File, fset *token.FileSet, n ast.Node) bool {
	from, to := fset.Position(n.Pos()).Line, fset.Position(n.End()).Line
	for _, g := range f.Comments {
		if l := fset.Position(g.Pos()).Line; l >= from && l <= to {
			return true
		}
	}
	return false
}

// nextStmt returns the statement after s in the statement list of parent,
// or nil.
func nextStmt(parent ast.Node, s ast.Stmt) ast.Stmt {
	var list []ast.Stmt
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	for j, x := range list {
		if x == s && j+1 < len(list) {
			return list[j+1]
		}
	}
	return nil
}

// sameRefs reports whether a and b are written alike and every name in
// them refers to the same thing: the same text can name a variable that
// shadows another.
func sameRefs(info *types.Info, a, b ast.Expr) bool {
	if types.ExprString(a) != types.ExprString(b) {
		return false
	}
	var ra, rb []types.Object
	ast.Inspect(a, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			ra = append(ra, info.ObjectOf(id))
		}
		return true
	})
	ast.Inspect(b, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			rb = append(rb, info.ObjectOf(id))
		}
		return true
	})
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if ra[i] != rb[i] {
			return false
		}
	}
	return true
}

// mentions reports whether e names obj.
func mentions(info *types.Info, e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}
