package rewrite

import (
	"go/ast"
	"go/version"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// A range over the map ranges over its iterator, which needs Go 1.23:
//
//	for k, v := range m   -> for k, v := range m.All()
//	for k := range m      -> for k := range m.Keys()

var kindRange = &kind{edit: (*editor).editRange}

// rangeData is a kindRange's: the method to call, and whether the loop's
// value variable goes (a range delete's Compute took over its only use;
// checkact.go).
type rangeData struct {
	method    string
	dropValue bool
}

func (p *classPlan) planRange(u *mapclass.Use) bool {
	rs := u.Node.(*ast.RangeStmt)
	if v := fileVersion(u.File); v != "" && version.Compare(v, "go1.23") < 0 {
		if u.File.Syntax.GoVersion == "" && u.File.Module != nil {
			// The version is the module's: the user can raise it.
			p.refuse(rs.Pos(), "ranging over a function needs Go 1.23, but this file is compiled as %s; raise the go line in %s's go.mod to 1.23 or later to rewrite this map", v, u.File.Module.Path)
		} else {
			p.refuse(rs.Pos(), "ranging over a function needs Go 1.23, but this file is compiled as %s", v)
		}
		return true
	}
	method := "All"
	if rs.Key != nil && rs.Value == nil {
		method = "Keys"
	}
	p.add(rs, u.File, &action{kind: kindRange, data: &rangeData{method: method}})
	return true
}

func (e *editor) editRange(c *dstutil.Cursor, a *action) {
	rs := c.Node().(*dst.RangeStmt)
	d := a.data.(*rangeData)
	rs.X = call(method(rs.X, d.method))
	if d.dropValue {
		rs.Value = nil
	}
}
