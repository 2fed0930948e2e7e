package rewrite

import (
	"go/types"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// A method whose signature holds a map of the class may be what makes its
// type implement an interface (Shards() []map[string]int, and an interface
// that asks for it). Changing the signature would break every use of the
// type as that interface, which may be anywhere, so such a class is
// refused.

// ifaceIndex lists the named interfaces of the loaded packages and of
// everything they import, by the names of their methods.
type ifaceIndex map[string][]*types.TypeName

func newIfaceIndex(prog *load.Program) ifaceIndex {
	ix := make(ifaceIndex)
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			it, ok := tn.Type().Underlying().(*types.Interface)
			if !ok {
				continue
			}
			for m := range it.Methods() {
				ix[m.Name()] = append(ix[m.Name()], tn)
			}
		}
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	for _, p := range prog.Packages {
		visit(p.Types)
	}
	return ix
}

// refuseInterfaceMethods refuses p when a method whose parameters or
// results are in the class lets its type implement an interface.
func refuseInterfaceMethods(p *classPlan, ix ifaceIndex) {
	done := make(map[*types.Func]bool)
	for _, s := range p.class.Slots {
		if (s.Kind != mapclass.Param && s.Kind != mapclass.Result) || s.Func == nil || done[s.Func] {
			continue
		}
		done[s.Func] = true
		recv := s.Func.Signature().Recv()
		if recv == nil {
			continue
		}
		t := recv.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			t = ptr.Elem()
		}
		for _, tn := range ix[s.Func.Name()] {
			it := tn.Type().Underlying().(*types.Interface)
			if types.Implements(t, it) || types.Implements(types.NewPointer(t), it) {
				p.refuse(s.Func.Pos(), "%s is a method that makes %s implement %s.%s; its signature cannot change", s.Func.Name(), types.TypeString(t, types.RelativeTo(s.Func.Pkg())), tn.Pkg().Name(), tn.Name())
				break
			}
		}
	}
}
