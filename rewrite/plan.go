package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dave/dst"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// actionKind is what happens to one syntax node of a class.
type actionKind int

const (
	actType         actionKind = iota // map type at a declaration -> *sm.Map[K, V]
	actMake                           // make(...) or a map literal -> sm.New, NewWithCapacity, Of
	actGet                            // m[k] -> m.Get(k)
	actLoad                           // v, ok := m[k] -> v, ok := m.Load(k)
	actStore                          // m[k] = v -> m.Store(k, v)
	actUpdate                         // m[k] op= x, m[k]++, m[k] = f(m[k]) -> m.Update(k, ...)
	actSelf                           // m[k] inside an Update's function -> its parameter
	actLoadOrStore                    // if _, ok := m[k]; !ok { m[k] = x } -> m.LoadOrStore(k, x)
	actDelete                         // delete(m, k) -> m.Delete(k)
	actClear                          // clear(m) -> m.Clear()
	actLen                            // len(m) -> m.Len()
	actRange                          // range m -> range m.All() / m.Keys()
	actMapsFunc                       // maps.Keys(m) ... -> m.Keys() ...
	actTuple                          // x, m[k] = f() -> var val V; x, val = f(); m.Store(k, val)
	actRecvCase                       // case m[k] = <-ch: -> case val := <-ch: m.Store(k, val)
	actRangeAssign                    // for _, m[k] = range xs -> for _, val := range xs { m.Store(k, val)
	actCompute                        // [m[k]--;] if m[k] == 0 { delete(m, k) } -> m.Compute(k, ...)
	actComputePre                     // the m[k]-- an actCompute takes in
	actRangeCompute                   // for k, v := range m { if v == 0 { delete(m, k) } } -> m.Compute(k, ...)
	actGuardLoad                      // if _, ok := m[k]; ok { return }; m[k] = v -> if _, ok := m.LoadOrStore(k, v); ok { return }
	actDropStmt                       // the store an actGuardLoad took in
	actSkip                           // handled by an enclosing action
)

// action is the planned rewrite of one node.
type action struct {
	kind  actionKind
	class *classPlan
	file  *load.File
	// Update: the parameter name of the function, the operator (ILLEGAL
	// when the right-hand side is used as it is), and the names of
	// temporaries for a key and an operand with side effects.
	param     string
	op        token.Token
	keyTemp   string
	valueTemp string
	method    string // actRange, actMapsFunc: the method to call
	// actMake of a literal whose type is left out inside a container
	// literal: the element type that container literal writes.
	litType *ast.MapType
	// actTuple, actRecvCase, actRangeAssign: per target, the temporary
	// that receives its value ("" for a target assigned as it is), and
	// for actTuple the temporary that holds an element's key.
	temps    []string
	keyTemps []string
	// actCompute: an m[k] of the operation (its map and key are the
	// Compute's), and the action of the update before the if, if any,
	// which holds that statement once it is taken out of its block.
	entry *ast.IndexExpr
	pre   *action
	stmt  dst.Stmt
	// actRangeCompute: the name of Compute's second parameter.
	okName string
	// actGuardLoad: the value the store after the guard stored.
	value ast.Expr
	// actRange: the loop's value variable goes (a range delete's
	// Compute took over its only use).
	dropValue bool
}

// classPlan is the set of actions that rewrite one class.
type classPlan struct {
	class    *mapclass.Class
	actions  map[ast.Node]*action
	files    map[*load.File]bool
	refusals []Note
	notes    []Note
	names    nameTable // shared by all plans of one rewrite
	// seen holds the statements already planned from one of their uses:
	// an assignment with several targets of the class is planned once.
	seen map[ast.Node]bool
}

func (p *classPlan) refuse(pos token.Pos, format string, args ...any) {
	p.refusals = append(p.refusals, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *classPlan) note(pos token.Pos, format string, args ...any) {
	p.notes = append(p.notes, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *classPlan) add(n ast.Node, f *load.File, a *action) {
	a.class, a.file = p, f
	p.actions[n] = a
	p.files[f] = true
}

// planClass decides the action for every declaration and use of c, or why
// c cannot be rewritten.
func planClass(prog *load.Program, c *mapclass.Class, names nameTable, opts Options) *classPlan {
	p := &classPlan{class: c, actions: make(map[ast.Node]*action), files: make(map[*load.File]bool), names: names, seen: make(map[ast.Node]bool)}
	for _, r := range c.Refusals {
		p.refusals = append(p.refusals, Note{Pos: r.Pos, Msg: r.Msg})
	}
	if c.Type == nil {
		p.refuse(c.Root().Pos(), "%s is not a map", slotName(c.Root()))
		return p
	}
	for _, s := range c.Slots {
		p.planSlot(s)
	}
	// Reads first: a check-then-insert planned as LoadOrStore claims its
	// write before the write is planned on its own.
	uses := append([]*mapclass.Use(nil), c.Uses...)
	sort.SliceStable(uses, func(i, j int) bool {
		return uses[i].Op == mapclass.Read && uses[j].Op != mapclass.Read
	})
	for _, u := range uses {
		if !u.File.Writable {
			why := "which mapfix may not rewrite"
			if u.File.Cgo {
				why = "which uses cgo, so mapfix may not rewrite it"
			}
			p.refuse(u.Pos(), "it is used in %s, %s", filepath.Base(u.File.Name), why)
			continue
		}
		p.planUse(u)
	}
	var modules []string // the import paths of the shardedmap packages the files need
	for f := range p.files {
		ip := ImportPath(f, opts)
		if ip == "" {
			p.refuse(f.Syntax.Pos(), "%s is outside any module", f.Name)
		} else if !slices.Contains(modules, ip) {
			modules = append(modules, ip)
		}
	}
	if len(modules) > 1 {
		// Each module gets its own generated package, and one module
		// cannot import another's internal package.
		sort.Strings(modules)
		p.refuse(c.Root().Pos(), "it flows between modules, whose files would need different packages (%s); pass -pkg with one package that every module can import", strings.Join(modules, ", "))
	}
	p.checkGoVersion(opts)
	return p
}

// GeneratedGoVersion is the oldest go line (of go.mod) at which the
// generated shardedmap package compiles: it uses the min, max and clear
// builtins of Go 1.21.
const GeneratedGoVersion = "1.21"

// checkGoVersion refuses the class when a module whose files it would
// rewrite declares a Go version older than the generated package needs:
// the package would not compile there. A -pkg package is the user's own
// and not checked.
func (p *classPlan) checkGoVersion(opts Options) {
	if opts.PkgPath != "" {
		return
	}
	files := make([]*load.File, 0, len(p.files))
	for f := range p.files {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	seen := make(map[string]bool)
	for _, f := range files {
		m := f.Module
		if m == nil || m.GoVersion == "" || seen[m.Dir] {
			continue
		}
		seen[m.Dir] = true
		if version.Compare("go"+m.GoVersion, "go"+GeneratedGoVersion) < 0 {
			p.refuse(p.class.Root().Pos(), "the generated shardedmap package needs Go %s or later, but module %s says go %s in its go.mod; raise the go line to rewrite this map",
				GeneratedGoVersion, m.Path, m.GoVersion)
		}
	}
}

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
	p.add(s.TypeExpr, s.File, &action{kind: actType})
}

// slotName names a declaration in a message: an unnamed parameter or
// result by its function.
func slotName(s *mapclass.Slot) string {
	if name := s.Obj.Name(); name != "" {
		return name
	}
	what := "a parameter"
	if s.Kind == mapclass.Result {
		what = "a result"
	}
	if s.Func != nil {
		return what + " of " + s.Func.Name()
	}
	return "an unnamed parameter or result"
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
	info := s.File.Package.TypesInfo
	for _, id := range names {
		v, _ := info.Defs[id].(*types.Var)
		if v == nil || v == s.Obj {
			continue
		}
		found := false
		for _, t := range c.Slots {
			if t.Obj.Pos() == v.Pos() {
				found = true
			}
		}
		if !found {
			return id.Name
		}
	}
	return ""
}

// planUse decides what happens to one use.
func (p *classPlan) planUse(u *mapclass.Use) {
	switch u.Op {
	case mapclass.Make:
		p.planMake(u)
	case mapclass.Read:
		p.planRead(u)
	case mapclass.Write:
		p.planWrite(u)
	case mapclass.Delete:
		if _, done := p.actions[u.Node]; done {
			return // part of a check-then-act planned from its test
		}
		if rs, ifs, param, ok := matchRangeDelete(p.class, u); ok {
			p.planRangeDelete(u, rs, ifs, param)
			return
		}
		p.add(u.Node, u.File, &action{kind: actDelete})
		p.checkThenAct(u)
		p.rangeThenAct(u)
	case mapclass.Clear:
		p.add(u.Node, u.File, &action{kind: actClear})
	case mapclass.Len:
		p.add(u.Node, u.File, &action{kind: actLen})
	case mapclass.Range:
		p.planRange(u)
	}
}

// planMake rewrites a map made here, or the element type written in a
// container of the class made here (make([]map[K]V, n), []map[K]V{...}).
func (p *classPlan) planMake(u *mapclass.Use) {
	_, isMap := u.File.Package.TypesInfo.TypeOf(u.Expr).Underlying().(*types.Map)
	var typ ast.Expr
	switch e := ast.Unparen(u.Expr).(type) {
	case *ast.CompositeLit:
		if e.Type == nil && !isMap {
			return // a container literal inside another: the outer one writes the type
		}
		if e.Type == nil {
			// {k: v} inside []map[K]V{...}: the element type the outer
			// literal writes is spelled out in the new Of call.
			if mt := enclosingElemType(u.Stack); mt != nil {
				p.add(u.Expr, u.File, &action{kind: actMake, litType: mt})
			}
			// Otherwise the enclosing literal does not write a map type
			// mapfix can change, and its own Make use says so.
			return
		}
		typ = e.Type
	case *ast.CallExpr:
		typ = e.Args[0]
	}
	if isMap {
		p.add(u.Expr, u.File, &action{kind: actMake})
		return
	}
	mt := mapclass.ElemTypeExpr(typ)
	if mt == nil {
		p.refuse(u.Pos(), "the container made here is written as %s, not with a map element type mapfix can change", types.ExprString(typ))
		return
	}
	p.add(mt, u.File, &action{kind: actType})
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

func (p *classPlan) planRange(u *mapclass.Use) {
	rs := u.Node.(*ast.RangeStmt)
	if v := fileVersion(u.File); v != "" && version.Compare(v, "go1.23") < 0 {
		p.refuse(rs.Pos(), "ranging over a function needs Go 1.23, but this file is compiled as %s", v)
		return
	}
	method := "All"
	if rs.Key != nil && rs.Value == nil {
		method = "Keys"
	}
	p.add(rs, u.File, &action{kind: actRange, method: method})
}

// fileVersion returns the Go version a file is compiled at, or "".
func fileVersion(f *load.File) string {
	if v := f.Package.TypesInfo.FileVersions[f.Syntax]; v != "" {
		return v
	}
	if f.Module != nil && f.Module.GoVersion != "" {
		return "go" + f.Module.GoVersion
	}
	return ""
}

func (p *classPlan) planRead(u *mapclass.Use) {
	if call, ok := u.Node.(*ast.CallExpr); ok {
		fn := calleeName(call)
		switch fn {
		case "Keys", "Values", "All", "Clone":
			p.add(call, u.File, &action{kind: actMapsFunc, method: fn})
		case "Copy":
			p.add(call, u.File, &action{kind: actMapsFunc, method: "Copy"})
		default:
			p.refuse(call.Pos(), "maps.%s is not rewritten", fn)
		}
		return
	}
	ix, ok := u.Node.(*ast.IndexExpr)
	if !ok {
		p.refuse(u.Pos(), "a read mapfix does not know how to rewrite")
		return
	}
	if _, done := p.actions[ix]; done {
		return // part of an Update or LoadOrStore planned from its write
	}
	if ca, ok := matchCondAct(p.class, u, ix); ok {
		p.planCondAct(u, ix, ca)
		return
	}
	if commaOK(ix, u.Stack) {
		if w, ok := matchGuardStore(p.class, u, ix); ok {
			p.planGuardStore(u, ix, w)
			return
		}
		if ifs, ok := loadOrStoreShape(p.class, u, ix); ok {
			p.add(ifs, u.File, &action{kind: actLoadOrStore})
			p.add(ix, u.File, &action{kind: actSkip})
			w := ifs.Body.List[0].(*ast.AssignStmt)
			p.add(w, u.File, &action{kind: actSkip})
			p.add(ast.Unparen(w.Lhs[0]), u.File, &action{kind: actSkip})
			return
		}
		p.add(ix, u.File, &action{kind: actLoad})
		return
	}
	p.add(ix, u.File, &action{kind: actGet})
}

// commaOK reports whether ix is the single value of a two-value assignment
// or declaration: v, ok := m[k].
func commaOK(ix *ast.IndexExpr, stack []ast.Node) bool {
	switch n, _ := above(ix, stack); n := n.(type) {
	case *ast.AssignStmt:
		return len(n.Lhs) == 2 && len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == ix
	case *ast.ValueSpec:
		return len(n.Names) == 2 && len(n.Values) == 1 && ast.Unparen(n.Values[0]) == ix
	}
	return false
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

// isGeneric reports whether fn has type parameters of its own or is a
// method of a generic type.
func isGeneric(fn *types.Func) bool {
	sig := fn.Signature()
	return sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0
}
