package rewrite

import (
	"go/ast"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Calls of package maps whose map is rewritten become its methods; which
// functions are rewritten is mapclass.MapsArg's list:
//
//	maps.Keys(m), Values, All, Clone  -> m.Keys(), m.Values() ...
//	maps.Copy(dst, m)                 -> maps.Insert(dst, m.All())

var kindMapsFunc = &kind{edit: (*editor).editMapsFunc}

// mapsData is a kindMapsFunc's: the name of the function called.
type mapsData struct{ name string }

// planMapsCall plans a call of package maps that reads the map; mapclass
// has refused the class already when the call is not rewritten.
func (p *classPlan) planMapsCall(u *mapclass.Use) bool {
	call, ok := u.Node.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := calleeName(call)
	if _, rewritten, _ := mapclass.MapsArg(fn, argIndex(call, u.Expr)); !rewritten {
		p.refuse(call.Pos(), "maps.%s is not rewritten", fn)
		return true
	}
	p.add(call, u.File, &action{kind: kindMapsFunc, data: &mapsData{name: fn}})
	return true
}

// argIndex returns the index of the argument e of call, or -1.
func argIndex(call *ast.CallExpr, e ast.Expr) int {
	for i, a := range call.Args {
		if ast.Unparen(a) == ast.Unparen(e) {
			return i
		}
	}
	return -1
}

// calleeName returns the name of a package-level function called by call.
func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

func (e *editor) editMapsFunc(c *dstutil.Cursor, a *action) {
	ce := c.Node().(*dst.CallExpr)
	name := a.data.(*mapsData).name
	if name == "Copy" {
		sel := ce.Fun.(*dst.SelectorExpr)
		sel.Sel = dst.NewIdent("Insert")
		ce.Args[1] = call(method(ce.Args[1], "All"))
		return
	}
	c.Replace(withDecs(call(method(ce.Args[0], name)), ce))
}
