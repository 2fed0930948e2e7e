package detect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/types/typeutil"
)

// Published maps. Copy-on-write code keeps the current map behind a
// sync/atomic Pointer[map[K]V] or Value: readers Load it and read it,
// writers build a fresh map, fill it and Store it. The classes involved
// are locals (m := *cur.Load(), next := maps.Clone(old)), which the
// analysis otherwise takes to hold a fresh map per call. Here:
//
//   - a local class that takes its value from a Load of an atomic holds
//     the published map, shared with every other class loaded from the
//     same atomic (the same package variable, or the same field of any
//     value: fields are per type, as map classes are). Its accesses are
//     placed in the contexts of their functions, not relative to the
//     map's owner, and compared with those of the other classes of the
//     group: a write into a loaded map conflicts with the reads of the
//     others. Accesses straight on the Load ((*cur.Load())[k]) take part
//     as reads and writes of no class.
//   - a local class stored into an atomic (Store, Swap, CompareAndSwap)
//     is private until the Store: accesses before it in the storing
//     function (or in functions only called from there, before it) are
//     not shared; accesses after it are, like those of a loaded class.
//
// Only the writes of the class being reported make a conflict, so a
// reader class is not reported for another class's write.

// pubGroup is the set of classes holding the maps of one atomic.
type pubGroup struct {
	classes []*mapclass.Class
	// direct are accesses made on a Load with no class in between.
	direct []*extraUse
}

// pubClass says how a class holds published maps.
type pubClass struct {
	groups []*pubGroup
	// loaded is set when a slot of the class takes the value of a Load.
	loaded bool
	// stores are the points where the class's map is published.
	stores []pubStore
	class  *mapclass.Class
	a      *analysis
}

// pubStore is a Store of a class's map into an atomic.
type pubStore struct {
	fn  *funcNode
	pos token.Pos // the end of the Store call
}

// atomic method names, by what they do with a map.
var (
	atomicLoads = map[string]bool{
		"sync/atomic.Pointer.Load": true, "sync/atomic.Value.Load": true,
	}
	atomicStores = map[string]int{ // the index of the argument stored
		"sync/atomic.Pointer.Store": 0, "sync/atomic.Pointer.Swap": 0, "sync/atomic.Pointer.CompareAndSwap": 1,
		"sync/atomic.Value.Store": 0, "sync/atomic.Value.Swap": 0, "sync/atomic.Value.CompareAndSwap": 1,
	}
)

// publishedMaps finds the classes that load maps from, or store them
// into, sync/atomic values.
func (a *analysis) publishedMaps(classes *mapclass.Set) map[*mapclass.Class]*pubClass {
	out := make(map[*mapclass.Class]*pubClass)
	groups := make(map[string]*pubGroup)
	group := func(key string) *pubGroup {
		if groups[key] == nil {
			groups[key] = &pubGroup{}
		}
		return groups[key]
	}
	join := func(c *mapclass.Class, key string) *pubClass {
		pc := out[c]
		if pc == nil {
			pc = &pubClass{class: c, a: a}
			out[c] = pc
		}
		gr := group(key)
		for _, x := range pc.groups {
			if x == gr {
				return pc
			}
		}
		pc.groups = append(pc.groups, gr)
		gr.classes = append(gr.classes, c)
		return pc
	}
	for _, f := range a.prog.Files() {
		info := f.Package.TypesInfo
		inspect(f.Syntax, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.StarExpr, *ast.TypeAssertExpr:
				key, ok := a.g.keys.atomicLoad(info, n.(ast.Expr))
				if !ok {
					return true
				}
				fn := a.g.enclosing(stack)
				if c := loadedInto(info, classes, n.(ast.Expr), stack, fn); c != nil {
					if localOnly(c) {
						join(c, key).loaded = true
					}
					return true
				}
				if u := directUse(info, n.(ast.Expr), stack, f); u != nil && fn != nil {
					group(key).direct = append(group(key).direct, &extraUse{use: u, fn: fn})
				}
			case *ast.CallExpr:
				key, v, ok := a.g.keys.atomicStore(info, n)
				if !ok {
					return true
				}
				c := classes.ClassOf(v)
				fn := a.g.enclosing(stack)
				if c == nil || !localOnly(c) || fn == nil {
					return true
				}
				pc := join(c, key)
				pc.stores = append(pc.stores, pubStore{fn: fn, pos: n.End()})
			}
			return true
		})
	}
	return out
}

// atomicKey names the atomic an expression denotes: a package variable or
// a local by its object, a field by its path (per type).
func (k *declKeys) atomicKey(info *types.Info, e ast.Expr) (string, bool) {
	base, path, ok := decompose(info, e)
	if !ok {
		return "", false
	}
	if len(path) > 0 && !isPackageVar(base) {
		return "field" + k.path(path), true
	}
	return k.of(base) + k.path(path), true
}

// atomicLoad reports whether e reads a map out of an atomic: *p.Load() of
// an atomic.Pointer[map[K]V], or v.Load().(map[K]V) of an atomic.Value.
func (k *declKeys) atomicLoad(info *types.Info, e ast.Expr) (string, bool) {
	if t := info.TypeOf(e); t == nil || !isMapType(t) {
		return "", false
	}
	var x ast.Expr
	switch e := e.(type) {
	case *ast.StarExpr:
		x = e.X
	case *ast.TypeAssertExpr:
		x = e.X
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if !atomicLoads[calleeName(fn)] {
		return "", false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	return k.atomicKey(info, sel.X)
}

// atomicStore reports whether call stores a map variable into an atomic
// (p.Store(&m), v.Store(m), and Swap and CompareAndSwap), and which.
func (k *declKeys) atomicStore(info *types.Info, call *ast.CallExpr) (string, *types.Var, bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	i, ok := atomicStores[calleeName(fn)]
	if !ok || i >= len(call.Args) {
		return "", nil, false
	}
	arg := ast.Unparen(call.Args[i])
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	}
	id, ok := arg.(*ast.Ident)
	if !ok {
		return "", nil, false
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || !isMapType(v.Type()) {
		return "", nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", nil, false
	}
	key, ok := k.atomicKey(info, sel.X)
	return key, v, ok
}

func isMapType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// loadedInto returns the class of the variable or result a loaded map is
// assigned to, declared with, or returned as; nil when it is used in
// place.
func loadedInto(info *types.Info, classes *mapclass.Set, e ast.Expr, stack []ast.Node, fn *funcNode) *mapclass.Class {
	p, _ := nonParen(stack)
	var dst ast.Expr
	switch p := p.(type) {
	case *ast.AssignStmt:
		for j, r := range p.Rhs {
			if ast.Unparen(r) == e && (len(p.Lhs) == len(p.Rhs) || j == 0) {
				dst = p.Lhs[j]
			}
		}
	case *ast.ValueSpec:
		for j, r := range p.Values {
			if ast.Unparen(r) == e && j < len(p.Names) {
				dst = p.Names[j]
			}
		}
	case *ast.ReturnStmt:
		if fn == nil {
			return nil
		}
		sig := fn.signature()
		for j, r := range p.Results {
			if ast.Unparen(r) == e && sig != nil && j < sig.Results().Len() && len(p.Results) == sig.Results().Len() {
				return classes.ClassOf(sig.Results().At(j))
			}
		}
	}
	id, ok := dst.(*ast.Ident)
	if !ok {
		return nil
	}
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	return classes.ClassOf(obj)
}

// nonParen returns the innermost node on stack that is not a parenthesis,
// and its index.
func nonParen(stack []ast.Node) (ast.Node, int) {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i], i
		}
	}
	return nil, -1
}

// directUse classifies a map used where it is loaded: indexed, ranged
// over, measured, deleted from, cleared, printed or read by package maps.
// It returns nil for other uses.
func directUse(info *types.Info, e ast.Expr, stack []ast.Node, f *load.File) *mapclass.Use {
	p, i := nonParen(stack)
	op := mapclass.Flow
	switch p := p.(type) {
	case *ast.IndexExpr:
		if ast.Unparen(p.X) != e {
			break
		}
		op = mapclass.Read
		switch gp, _ := nonParen(stack[:i]); gp := gp.(type) {
		case *ast.AssignStmt:
			for _, l := range gp.Lhs {
				if ast.Unparen(l) == p {
					op = mapclass.Write
				}
			}
		case *ast.IncDecStmt:
			op = mapclass.Write
		}
	case *ast.RangeStmt:
		if ast.Unparen(p.X) == e {
			op = mapclass.Range
		}
	case *ast.CallExpr:
		op = callOp(info, p, e)
	}
	if op == mapclass.Flow {
		return nil
	}
	return &mapclass.Use{Op: op, Expr: e, Node: p, Stack: append([]ast.Node(nil), stack...), File: f}
}

// callOp says what a call does with its map argument e: Flow when it is
// none of the builtins, printers or package maps functions that only
// read or write it.
func callOp(info *types.Info, call *ast.CallExpr, e ast.Expr) mapclass.Op {
	arg := -1
	for j, x := range call.Args {
		if ast.Unparen(x) == e {
			arg = j
		}
	}
	if arg < 0 {
		return mapclass.Flow
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if bi, ok := info.Uses[id].(*types.Builtin); ok {
			switch bi.Name() {
			case "len":
				return mapclass.Len
			case "delete":
				return mapclass.Delete
			case "clear":
				return mapclass.Clear
			}
			return mapclass.Flow
		}
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if isPrinter(fn) {
		return mapclass.Print
	}
	if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "maps" {
		if op, _, known := mapclass.MapsArg(fn.Name(), arg); known {
			return op
		}
	}
	return mapclass.Flow
}

// private reports whether a use of a class that is stored into an atomic
// happens before the map is published. A nil pubClass is never private.
func (pc *pubClass) private(u *mapclass.Use) bool {
	if pc == nil || pc.loaded || len(pc.stores) == 0 {
		return false
	}
	f := u.Func()
	if f == nil {
		return false
	}
	fn := pc.a.g.byAST[f]
	for _, s := range pc.stores {
		if pc.beforeStore(fn, u.Expr.Pos(), s, 0) {
			return true
		}
	}
	return false
}

// beforeStore reports whether pos in fn runs before the store s: earlier
// in the storing function and not in a loop around both that keeps the
// map across iterations, or in a function called only from such places.
func (pc *pubClass) beforeStore(fn *funcNode, pos token.Pos, s pubStore, depth int) bool {
	if fn == nil || depth > 8 {
		return false
	}
	if fn == s.fn {
		return pos < s.pos && !fn.sameLoop(pos, s.pos, carriedBy(pc.class, true))
	}
	if fn.entry || fn.valueRef || len(fn.rootOf) > 0 || len(fn.callers) == 0 {
		return false
	}
	for _, cs := range fn.callers {
		if cs.caller == nil || !pc.beforeStore(cs.caller, cs.pos, s, depth+1) {
			return false
		}
	}
	return true
}

// publishedAccesses returns the accesses of the other classes, and the
// direct accesses, of the groups c belongs to, marked foreign.
func (a *analysis) publishedAccesses(c *mapclass.Class) []*access {
	pc := a.pub[c]
	if pc == nil {
		return nil
	}
	var out []*access
	for _, gr := range pc.groups {
		for _, d := range gr.classes {
			if d == c {
				continue
			}
			for _, u := range d.Uses {
				if !u.Op.IsAccess() || a.pub[d].private(u) {
					continue
				}
				ac := a.newAccess(u, false, nil)
				ac.foreign = true
				out = append(out, ac)
			}
		}
		for _, p := range gr.direct {
			ac := &access{use: p.use, fn: p.fn, ctxs: a.cx.of[p.fn], write: p.use.Op.IsWrite(), foreign: true}
			ac.held = a.heldAt(p.fn, p.use.Expr)
			ac.keys = a.g.accessKeys(p.use.File.Package.TypesInfo, p.use.Expr, ac.held, ac.write)
			out = append(out, ac)
		}
	}
	return out
}
