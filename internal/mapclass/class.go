// Package mapclass groups the declarations that hold the same map values
// into classes, by following how map values flow through a program:
// assignment, definition, call argument to parameter, return, and struct
// literal field. A class is the unit mapfix reports and rewrites: every
// declaration in it must change type together, and every operation on any
// of its expressions must change with it.
package mapclass

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
)

// SlotKind says what kind of declaration a Slot is.
type SlotKind int

// The kinds of slot.
const (
	Var    SlotKind = iota // package-level variable
	Field                  // struct field
	Local                  // local variable
	Param                  // function parameter (receivers are never maps)
	Result                 // function result, named or not
)

func (k SlotKind) String() string {
	return [...]string{"var", "field", "local", "param", "result"}[k]
}

// A Slot is one declaration that holds map values.
type Slot struct {
	Obj  *types.Var
	Kind SlotKind
	// Func is the function declaring a param, result or local, or nil.
	Func *types.Func
	// TypeExpr is the map type as written at the declaration, or nil when
	// the type is inferred (m := make(...)).
	TypeExpr ast.Expr
	// File is the file of the declaration.
	File *load.File
	// Elem marks the slot of the elements of Obj, a slice, array or
	// channel of maps; TypeExpr is then the element type as written.
	Elem bool
	key  string
}

// Pos returns the position of the declared name.
func (s *Slot) Pos() token.Pos { return s.Obj.Pos() }

// MapType returns the type of the maps the slot holds.
func (s *Slot) MapType() *types.Map {
	if s.Elem {
		return containerElem(s.Obj.Type())
	}
	m, _ := s.Obj.Type().Underlying().(*types.Map)
	return m
}

// Op is what a Use does with the map.
type Op int

// The operations on a map. Read, Write, Delete, Clear, Range, Len and Print
// access the map's contents; the others move or test the map value itself.
const (
	Read   Op = iota // m[k], v, ok := m[k], maps.Keys(m) ...
	Write            // m[k] = v, m[k] op= v, m[k]++
	Delete           // delete(m, k)
	Clear            // clear(m)
	Range            // for ... range m
	Len              // len(m)
	Print            // fmt printing or encoding/json of m
	Flow             // m's value moves to or from another slot
	Nil              // m == nil, m != nil, m = nil
	Make             // m's value is made here: make, a literal
)

func (o Op) String() string {
	return [...]string{"read", "write", "delete", "clear", "range", "len", "print", "flow", "nil", "make"}[o]
}

// IsAccess reports whether the operation touches the map's contents.
func (o Op) IsAccess() bool { return o <= Print }

// IsWrite reports whether the operation changes the map's contents.
func (o Op) IsWrite() bool { return o == Write || o == Delete || o == Clear }

// A Use is one place where an expression of a class appears.
type Use struct {
	Op Op
	// Expr is the map expression (an identifier, selector, call...), or for
	// Make the make call or composite literal.
	Expr ast.Expr
	// Node is the enclosing node that performs Op: the *ast.IndexExpr, the
	// builtin or library *ast.CallExpr, the *ast.RangeStmt, the
	// *ast.AssignStmt, or Expr itself.
	Node ast.Node
	// Stack holds the enclosing nodes from the file down to Expr's parent.
	Stack []ast.Node
	File  *load.File
}

// Pos returns the position of the operation.
func (u *Use) Pos() token.Pos { return u.Node.Pos() }

// Func returns the innermost function declaration or literal enclosing the
// use, or nil at package level.
func (u *Use) Func() ast.Node {
	for i := len(u.Stack) - 1; i >= 0; i-- {
		switch n := u.Stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// A Refusal is a reason why a class cannot be rewritten, with where.
type Refusal struct {
	Pos token.Pos
	Msg string
}

// A Class is a set of slots that hold the same map values.
type Class struct {
	Slots    []*Slot
	Uses     []*Use
	Type     *types.Map // the map type, as declared at the first slot
	Refusals []Refusal
}

// Root returns the slot that names the class: the package var, else the
// field, else the local, parameter or result, preferring a declaration
// outside test files and then the first in file order. The choice depends
// only on the declarations, so the class keeps its name with and without
// test files loaded, and from run to run.
func (c *Class) Root() *Slot {
	for _, k := range []SlotKind{Var, Field, Local, Param, Result} {
		var best *Slot
		for _, s := range c.Slots {
			if s.Kind == k && (best == nil || s.before(best)) {
				best = s
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// before orders slots for Root: non-test files first, then by file name
// and offset.
func (s *Slot) before(t *Slot) bool {
	st, tt := s.inTest(), t.inTest()
	if st != tt {
		return !st
	}
	sn, tn := s.fileName(), t.fileName()
	if sn != tn {
		return sn < tn
	}
	return s.Obj.Pos() < t.Obj.Pos()
}

func (s *Slot) fileName() string {
	if s.File == nil {
		return ""
	}
	return s.File.Name
}

func (s *Slot) inTest() bool { return strings.HasSuffix(s.fileName(), "_test.go") }

// Has reports whether slot is in c.
func (c *Class) Has(s *Slot) bool {
	for _, t := range c.Slots {
		if t == s {
			return true
		}
	}
	return false
}
