package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// name returns the identity of a class's root slot, as findings report
// it: the package path, the name, the kind, and the ID built from them.
func name(c *mapclass.Class) (pkg, id, short, kind string) {
	s := c.Root()
	obj := s.Obj
	if obj.Pkg() != nil {
		pkg = obj.Pkg().Path()
	}
	short = obj.Name()
	switch s.Kind {
	case mapclass.Var:
		kind = "var"
		id = pkg + "." + short
	case mapclass.Field:
		kind = "field"
		id = pkg + "." + fieldOwner(s) + "." + short
	default:
		kind = "local"
		if s.Kind == mapclass.Param {
			kind = "param"
		}
		if s.Kind == mapclass.Result && (short == "" || short == "_") {
			short = resultName(s)
		}
		id = pkg + "." + enclosingFunc(s) + "." + short
	}
	return pkg, id, short, kind
}

// fieldOwner names the type a field belongs to: the package-level named
// type whose struct declares it (through nested anonymous structs too), or
// else the declaration the field is written in.
func fieldOwner(s *mapclass.Slot) string {
	obj := s.Obj
	if pkg := obj.Pkg(); pkg != nil {
		scope := pkg.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			if path, ok := findField(tn.Type().Underlying(), obj, 0); ok {
				return n + path
			}
		}
	}
	if s.File != nil {
		return enclosingDeclName(s.File.Syntax, obj.Pos())
	}
	return "_"
}

// findField looks for field in a struct type and its anonymous nested
// structs, returning the path of intermediate field names.
func findField(t types.Type, field *types.Var, depth int) (string, bool) {
	st, ok := t.(*types.Struct)
	if !ok || depth > 4 {
		return "", false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f == field || (f.Pos() == field.Pos() && f.Name() == field.Name()) {
			return "", true
		}
		if inner, ok := f.Type().(*types.Struct); ok {
			if p, ok := findField(inner, field, depth+1); ok {
				return "." + f.Name() + p, true
			}
		}
	}
	return "", false
}

// enclosingFunc names the function declaring a local, parameter or result:
// "F" or "T.M"; closures count as their enclosing function.
func enclosingFunc(s *mapclass.Slot) string {
	if s.File == nil {
		if s.Func != nil {
			if recv := s.Func.Signature().Recv(); recv != nil {
				return typeName(recv.Type()) + "." + s.Func.Name()
			}
			return s.Func.Name()
		}
		return "_"
	}
	return enclosingDeclName(s.File.Syntax, s.Obj.Pos())
}

func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return t.String()
}

// resultName names an unnamed result: "result", or "resultN" (from 0) when
// the function has several results.
func resultName(s *mapclass.Slot) string {
	if s.File == nil {
		return "result"
	}
	var ft *ast.FuncType
	ast.Inspect(s.File.Syntax, func(n ast.Node) bool {
		if ft != nil || n == nil || !contains(n, s.Obj.Pos()) {
			return ft == nil
		}
		if t, ok := n.(*ast.FuncType); ok && t.Results != nil && contains(t.Results, s.Obj.Pos()) {
			ft = t
		}
		return true
	})
	if ft == nil || ft.Results.NumFields() <= 1 {
		return "result"
	}
	i := 0
	for _, f := range ft.Results.List {
		n := max(len(f.Names), 1)
		if contains(f, s.Obj.Pos()) {
			return "result" + strconv.Itoa(i)
		}
		i += n
	}
	return "result"
}

func contains(n ast.Node, pos token.Pos) bool {
	return n.Pos() <= pos && pos < n.End()
}
