package rewrite

import (
	"go/ast"
	"strconv"

	"github.com/mapfix/mapfix/internal/mapclass"
)

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
