package mapclass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/printing"
	"golang.org/x/tools/go/types/typeutil"
)

// Set is every class of a program.
type Set struct {
	Classes []*Class
	prog    *load.Program
	slots   map[string]*Slot // by key
	parent  map[*Slot]*Slot  // union-find
	byRoot  map[*Slot]*Class
	exprs   map[ast.Expr]*Slot
	// pending uses and refusals, attached to classes once they are final
	uses     []*Use
	useSlot  map[*Use]*Slot
	refusals map[*Slot][]Refusal
	printing *printing.Index
	reached  typeutil.Map // types.Type -> []printing.Reached, reflection's reach
}

// Build finds the classes of every map-typed declaration in prog, with
// the printing functions found in prog's own syntax.
func Build(prog *load.Program) *Set {
	return BuildWith(prog, printing.New(prog, nil))
}

// BuildWith is Build with the printing functions of pr, which may know
// wrappers declared outside prog (the analyzer's facts).
func BuildWith(prog *load.Program, pr *printing.Index) *Set {
	s := &Set{
		printing: pr,
		prog:     prog,
		slots:    make(map[string]*Slot),
		parent:   make(map[*Slot]*Slot),
		byRoot:   make(map[*Slot]*Class),
		exprs:    make(map[ast.Expr]*Slot),
		useSlot:  make(map[*Use]*Slot),
		refusals: make(map[*Slot][]Refusal),
	}
	for _, f := range prog.Files() {
		b := &builder{set: s, file: f, info: f.Package.TypesInfo}
		b.declarations()
	}
	for _, f := range prog.Files() {
		b := &builder{set: s, file: f, info: f.Package.TypesInfo}
		b.walk()
	}
	s.finish()
	return s
}

// Printing returns the printing functions the classes were built with.
func (s *Set) Printing() *printing.Index { return s.printing }

// ClassOf returns the class holding the declaration obj (for a container
// of maps, the class of its elements), or nil.
func (s *Set) ClassOf(obj types.Object) *Class {
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	key := load.ObjectKey(s.prog.Fset, v)
	slot := s.slots[key]
	if slot == nil {
		slot = s.slots[key+"[]"]
	}
	if slot == nil {
		return nil
	}
	return s.byRoot[s.find(slot)]
}

// SlotOf returns the slot of the declaration obj, or nil.
func (s *Set) SlotOf(obj types.Object) *Slot {
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	return s.slots[load.ObjectKey(s.prog.Fset, v)]
}

// ClassOfExpr returns the class of a map expression (an identifier,
// selector or call naming a slot), or nil.
func (s *Set) ClassOfExpr(e ast.Expr) *Class {
	slot := s.exprs[ast.Unparen(e)]
	if slot == nil {
		return nil
	}
	return s.byRoot[s.find(slot)]
}

func (s *Set) find(x *Slot) *Slot {
	for {
		p := s.parent[x]
		if p == nil || p == x {
			return x
		}
		if gp := s.parent[p]; gp != nil {
			s.parent[x] = gp
		}
		x = p
	}
}

func (s *Set) union(a, b *Slot) {
	if a == nil || b == nil {
		return
	}
	ra, rb := s.find(a), s.find(b)
	if ra != rb {
		s.parent[rb] = ra
	}
}

// finish groups slots, uses and refusals into classes.
func (s *Set) finish() {
	keys := make([]string, 0, len(s.slots))
	for k := range s.slots {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		slot := s.slots[k]
		r := s.find(slot)
		c := s.byRoot[r]
		if c == nil {
			c = &Class{}
			s.byRoot[r] = c
			s.Classes = append(s.Classes, c)
		}
		c.Slots = append(c.Slots, slot)
		c.Refusals = append(c.Refusals, s.refusals[slot]...)
	}
	for _, u := range s.uses {
		if c := s.byRoot[s.find(s.useSlot[u])]; c != nil {
			c.Uses = append(c.Uses, u)
		}
	}
	for _, c := range s.Classes {
		sort.Slice(c.Slots, func(i, j int) bool { return c.Slots[i].key < c.Slots[j].key })
		c.Type = c.Root().MapType()
		// By file and offset: token.Pos order between files follows the
		// order go/packages parsed them in, which varies from run to run.
		sort.SliceStable(c.Refusals, func(i, j int) bool {
			return load.ComparePos(s.prog.Fset, c.Refusals[i].Pos, c.Refusals[j].Pos) < 0
		})
		c.Refusals = dedupRefusals(c.Refusals)
	}
	sort.SliceStable(s.Classes, func(i, j int) bool {
		return s.Classes[i].Root().key < s.Classes[j].Root().key
	})
}

func dedupRefusals(rs []Refusal) []Refusal {
	var out []Refusal
	seen := make(map[Refusal]bool)
	for _, r := range rs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// slotFor returns the slot of v, creating it when v holds a map.
func (s *Set) slotFor(v *types.Var, f *load.File) *Slot {
	if v == nil || !holdsMaps(v.Type()) {
		return nil
	}
	if !v.Pos().IsValid() {
		return nil
	}
	elem := !isMap(v.Type())
	key := load.ObjectKey(s.prog.Fset, v)
	if elem {
		key += "[]"
	}
	if slot := s.slots[key]; slot != nil {
		return slot
	}
	slot := &Slot{Obj: v, Elem: elem, key: key, File: s.prog.FileOf(v.Pos())}
	switch {
	case v.IsField():
		slot.Kind = Field
	case v.Parent() != nil && v.Parent() == v.Pkg().Scope():
		slot.Kind = Var
	default:
		slot.Kind = Local
	}
	s.slots[key] = slot
	s.parent[slot] = slot
	if slot.File == nil {
		s.refuse(slot, v.Pos(), fmt.Sprintf("%s is declared outside the packages mapfix may rewrite", varName(v)))
	} else if !slot.File.Writable {
		s.refuse(slot, v.Pos(), fmt.Sprintf("%s is declared in %s, which mapfix may not rewrite", varName(v), describeUnwritable(slot.File)))
	}
	if n, ok := v.Type().(*types.Named); ok {
		if elem {
			s.refuse(slot, v.Pos(), fmt.Sprintf("%s has the named type %s; mapfix does not rewrite the maps inside named container types", varName(v), n.Obj().Name()))
		} else {
			s.refuse(slot, v.Pos(), fmt.Sprintf("%s has the named map type %s; mapfix does not rewrite named map types", varName(v), n.Obj().Name()))
		}
	}
	return slot
}

// varName names a declaration in a message: parameters and results may
// have no name.
func varName(v *types.Var) string {
	if v.Name() == "" {
		return "an unnamed parameter or result"
	}
	return v.Name()
}

func describeUnwritable(f *load.File) string {
	if f.Cgo {
		return "a file that uses cgo"
	}
	if f.Module == nil || !f.Module.Main {
		return "a file outside the main module"
	}
	if ast.IsGenerated(f.Syntax) {
		return "a generated file"
	}
	return "a file under vendor/ or testdata/"
}

func (s *Set) refuse(slot *Slot, pos token.Pos, msg string) {
	s.refusals[slot] = append(s.refusals[slot], Refusal{Pos: pos, Msg: msg})
}

// isMap reports whether t is a map type, named or not.
func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// staticCallee returns the function or method a call statically calls.
func staticCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	return typeutil.StaticCallee(info, call)
}
