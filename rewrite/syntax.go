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
