package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Declarations and the places that make maps: the map type written at a
// declaration becomes *sm.Map[K, V]; make(map[K]V), make(map[K]V, n) and a
// map literal become sm.New, sm.NewWithCapacity and sm.Of; a container of
// the class's maps made here ([]map[K]V) gets the new element type.

var (
	kindType = &kind{edit: (*editor).editType} // map[K]V -> *sm.Map[K, V]
	kindMake = &kind{edit: (*editor).editMake} // make(...) or a literal -> sm.New, NewWithCapacity, Of
)

// makeData is a kindMake's: the element type that the container literal
// around an element literal writes ([]map[K]V{{k: v}}), to spell out in
// the new Of call.
type makeData struct{ litType *ast.MapType }

// planSlot rewrites a declaration's written map type.
func (p *classPlan) planSlot(s *mapclass.Slot) {
	if s.TypeExpr == nil {
		return
	}
	if _, ok := s.TypeExpr.(*ast.MapType); !ok {
		p.refuse(s.TypeExpr.Pos(), "the type of %s is written as %s, not as a map type mapfix can change", slotName(s), types.ExprString(s.TypeExpr))
		return
	}
	if s.File == nil || !s.File.Writable {
		return // refused by mapclass already
	}
	if (s.Kind == mapclass.Param || s.Kind == mapclass.Result) && s.Func != nil && isGeneric(s.Func) {
		// Callers pass maps of their own to it, which mapfix does not
		// join with it: its signature must keep taking maps.
		p.refuse(s.Pos(), "%s belongs to the generic function %s, whose callers pass maps that mapfix does not rewrite with it", slotName(s), s.Func.Name())
		return
	}
	if other := sharedTypeNames(s, p.class); other != "" {
		p.refuse(s.Pos(), "%s shares its declared type with %s, which is not the same map; declare them apart first", slotName(s), other)
		return
	}
	p.add(s.TypeExpr, s.File, &action{kind: kindType})
}

// sharedTypeNames returns a name declared with the same type expression as
// s that is not in c (as in "a, b map[string]int"), or "".
func sharedTypeNames(s *mapclass.Slot, c *mapclass.Class) string {
	var names []*ast.Ident
	ast.Inspect(s.File.Syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if n.Type == s.TypeExpr || sameNode(mapclass.ElemTypeExpr(n.Type), s.TypeExpr) {
				names = n.Names
			}
		case *ast.ValueSpec:
			if n.Type == s.TypeExpr || sameNode(mapclass.ElemTypeExpr(n.Type), s.TypeExpr) {
				names = n.Names
			}
		}
		return names == nil
	})
	info, fset := s.File.Package.TypesInfo, s.File.Package.Fset
	for _, id := range names {
		v, _ := info.Defs[id].(*types.Var)
		if v == nil || v == s.Obj {
			continue
		}
		found := false
		for _, t := range c.Slots {
			if load.ObjectKey(fset, t.Obj) == load.ObjectKey(fset, v) {
				found = true
			}
		}
		if !found {
			return id.Name
		}
	}
	return ""
}

// planMake rewrites a map made here, or the element type written in a
// container of the class made here (make([]map[K]V, n), []map[K]V{...}).
func (p *classPlan) planMake(u *mapclass.Use) bool {
	_, isMap := u.File.Package.TypesInfo.TypeOf(u.Expr).Underlying().(*types.Map)
	var typ ast.Expr
	switch e := ast.Unparen(u.Expr).(type) {
	case *ast.CompositeLit:
		if e.Type == nil && !isMap {
			return true // a container literal inside another: the outer one writes the type
		}
		if e.Type == nil {
			// {k: v} inside []map[K]V{...}: the element type the outer
			// literal writes is spelled out in the new Of call.
			if mt := enclosingElemType(u.Stack); mt != nil {
				p.add(u.Expr, u.File, &action{kind: kindMake, data: &makeData{litType: mt}})
			}
			// Otherwise the enclosing literal does not write a map type
			// mapfix can change, and its own Make use says so.
			return true
		}
		typ = e.Type
	case *ast.CallExpr:
		typ = e.Args[0]
	}
	if isMap {
		p.add(u.Expr, u.File, &action{kind: kindMake})
		return true
	}
	mt := mapclass.ElemTypeExpr(typ)
	if mt == nil {
		p.refuse(u.Pos(), "the container made here is written as %s, not with a map element type mapfix can change", types.ExprString(typ))
		return true
	}
	p.add(mt, u.File, &action{kind: kindType})
	return true
}

// enclosingElemType returns the map element type written by the container
// literal that directly holds an element literal, or nil.
func enclosingElemType(stack []ast.Node) *ast.MapType {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.KeyValueExpr, *ast.ParenExpr:
			continue
		case *ast.CompositeLit:
			if n.Type == nil {
				continue // [][]map[K]V{{{k: v}}}: the type is further out
			}
			return mapclass.ElemTypeExpr(n.Type)
		}
		return nil
	}
	return nil
}

// sameNode reports whether the map type mt is the node e.
func sameNode(mt *ast.MapType, e ast.Expr) bool {
	return mt != nil && ast.Expr(mt) == e
}

// editType rewrites a declaration's map type.
func (e *editor) editType(c *dstutil.Cursor, _ *action) {
	mt := c.Node().(*dst.MapType)
	c.Replace(withDecs(e.mapType(mt.Key, mt.Value), mt))
}

// editMake rewrites a make or a map literal.
func (e *editor) editMake(c *dstutil.Cursor, a *action) {
	n := c.Node()
	c.Replace(withDecs(e.makeExpr(n, a), n))
}

// mapType builds *pkg.Map[K, V].
func (e *editor) mapType(k, v dst.Expr) dst.Expr {
	return &dst.StarExpr{X: &dst.IndexListExpr{X: e.qual("Map"), Indices: []dst.Expr{k, v}}}
}

// makeExpr builds the constructor call that replaces make(...) or a map
// literal.
func (e *editor) makeExpr(n dst.Node, a *action) dst.Expr {
	switch n := n.(type) {
	case *dst.CallExpr:
		mt, ok := n.Args[0].(*dst.MapType)
		if !ok {
			e.err = fmt.Errorf("make of a map type mapfix cannot spell")
			return n
		}
		if len(n.Args) == 2 {
			return call(&dst.IndexListExpr{X: e.qual("NewWithCapacity"), Indices: []dst.Expr{mt.Key, mt.Value}}, n.Args[1])
		}
		return call(&dst.IndexListExpr{X: e.qual(newFunc(a)), Indices: []dst.Expr{mt.Key, mt.Value}})
	case *dst.CompositeLit:
		if md, _ := a.data.(*makeData); n.Type == nil && md != nil {
			if orig, ok := e.dec.Dst.Nodes[md.litType].(*dst.MapType); ok {
				t := dst.Clone(orig).(*dst.MapType)
				t.Decs = dst.MapTypeDecorations{}
				n.Type = t
			}
		}
		mt, ok := n.Type.(*dst.MapType)
		if ok && len(n.Elts) == 0 && len(n.Decs.Lbrace) == 0 {
			return call(&dst.IndexListExpr{X: e.qual(newFunc(a)), Indices: []dst.Expr{mt.Key, mt.Value}})
		}
		decs := n.Decs.NodeDecs
		n.Decs.NodeDecs = dst.NodeDecs{}
		out := call(e.qual("Of"), n)
		out.Decs.NodeDecs = decs
		return out
	}
	return n.(dst.Expr)
}

// newFunc names the constructor of an empty map of a's class: NewSmall
// for a class a profile showed cold, else New. A capacity or entries
// (NewWithCapacity, Of) keep their constructors: those say how big the
// map starts, which the profile does not know better.
func newFunc(a *action) string {
	if a.class != nil && a.class.small {
		return "NewSmall"
	}
	return "New"
}
