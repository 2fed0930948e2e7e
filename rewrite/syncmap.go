package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"golang.org/x/tools/go/types/typeutil"
)

// The sync.Map migration (rewrite -syncmap) turns a sync.Map whose keys
// and values each have one static type into the generated Map[K, V]. The
// generated Map's zero value is ready to use, so sync.Map becomes the value
// type Map[K, V] (and *sync.Map becomes *Map[K, V]): zero values, struct
// fields, new and composite literals keep working with no constructor.
//
// The planner below finds every sync.Map variable and field of the loaded
// writable files, follows each of its uses, and either records the edits
// that migrate it or the reasons it stays. A map is migrated entirely or
// not at all. The edits are made in syncmap_edit.go.

// SyncMap is one sync.Map variable or field and what the migration
// decided for it.
type SyncMap struct {
	// Name names it in messages: pkg.Var, pkg.Type.field or pkg.Func.local.
	Name string
	Pos  token.Pos // its declaration
	// Key and Value are the types it holds, when they could be told.
	Key, Value types.Type
	// Refusals are the reasons it was not migrated; empty when it was.
	Refusals []Note
	// Notes are caveats of a migrated map.
	Notes []Note

	obj   *types.Var
	file  *load.File // of the declaration
	edits map[ast.Node]*smEdit
	// keys and values are the static types that pin K and V, with the
	// position of each, in source order.
	keys, values []pinned
	pointer      bool // declared *sync.Map
	// up links maps that must migrate together (p := &m makes p and m
	// one map): the root of the links decides for all.
	up *SyncMap
	// group is the maps linked to it, itself included, once decided.
	group []*SyncMap
}

// root returns the map that decides for m and the maps linked to it.
func (m *SyncMap) root() *SyncMap {
	for m.up != nil {
		m = m.up
	}
	return m
}

// pinned is one static type that a use gives the map's keys or values.
type pinned struct {
	t   types.Type
	pos token.Pos
	// obj is the variable the argument names, if any: a value loaded
	// from the same map pins nothing (it has the map's type already).
	obj *types.Var
	key bool // obj is passed as a key (else as a value)
}

// SyncMapResult is the outcome of a sync.Map migration.
type SyncMapResult struct {
	// Maps are all sync.Map variables and fields found, in source order;
	// those with no Refusals are migrated.
	Maps    []*SyncMap
	Changes []*Change
}

// Migrated returns the maps that are migrated.
func (r *SyncMapResult) Migrated() []*SyncMap {
	var out []*SyncMap
	for _, m := range r.Maps {
		if len(m.Refusals) == 0 {
			out = append(out, m)
		}
	}
	return out
}

func (m *SyncMap) refuse(pos token.Pos, format string, args ...any) {
	m.Refusals = append(m.Refusals, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// smEditKind names the edit made at one node.
type smEditKind int

const (
	smType       smEditKind = iota // the type sync.Map -> Map[K, V]
	smAssert                       // v.(T) -> v
	smCommaOK                      // x, ok2 := v.(T) -> x, ok2 := v, ok (rhs of the statement)
	smRange                        // m.Range(func(k, v any) bool {...}) -> for k, v := range m.All() {...}
	smRangeTyped                   // m.Range(func(k, v any) bool {...}) -> m.Range(func(k K, v V) bool {...})
	smReturn                       // return true/false in a Range callback -> continue/break
	smCompare                      // CompareAndSwap/CompareAndDelete -> Compute
	smNilTest                      // v != nil -> ok, v == nil -> !ok (for a V that is not an interface)
	smNameOK                       // v, _ := m.Load(k) -> v, ok := m.Load(k), when an edit needs ok
	smBlankValue                   // v, ok := m.Load(k) -> _, ok := m.Load(k), when the nil tests were v's only uses
)

// presence is what tells, where a loaded value is used, whether the load
// found it: the name of the load's ok flag, "true" for a value that is
// always there (LoadOrStore's, a Range callback's), or a blank flag that
// gets a name when an edit needs it.
type presence struct {
	name  string
	blank *ast.Ident   // the _ of v, _ := m.Load(k), or nil
	named *smEdit      // the smNameOK edit that names blank, once made
	obj   types.Object // the ok flag named, if any
}

// smEdit is one planned edit of the migration.
type smEdit struct {
	kind smEditKind
	m    *SyncMap
	file *load.File
	// presence is what says the loaded value was there, for smCommaOK
	// and smNilTest: the name of the load's ok flag, or "true"; for
	// smNameOK, the name given to the blank flag.
	presence string
	iface    bool      // smCommaOK, smNilTest: the type is an interface (a stored nil is nil)
	key      bool      // smCommaOK, smNilTest: the value is a key
	label    string    // smRange, smReturn: the label the loop needs, or ""
	cont     bool      // smReturn: continue (return true), else break
	drop     bool      // smReturn: the last statement of the body, dropped
	method   string    // smCompare: CompareAndSwap or CompareAndDelete
	names    []string  // smRange: the loop's key and value ("_" for none)
	negate   bool      // smNilTest: v == nil
	whole    bool      // smNilTest: the edit is of ok && v != nil (or !ok || v == nil), which becomes its flag's side
	users    []*smEdit // smNameOK: the edits that need the name
}

// syncMapMethods are the methods of sync.Map that the migration maps.
var syncMapMethods = map[string]bool{
	"Load": true, "Store": true, "LoadOrStore": true, "LoadAndDelete": true, "Delete": true,
	"Swap": true, "CompareAndSwap": true, "CompareAndDelete": true, "Range": true, "Clear": true,
}

// isSyncMap reports whether t is sync.Map.
func isSyncMap(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Map"
}

// smPlanner holds what planning all sync.Maps of a program shares.
type smPlanner struct {
	prog    *load.Program
	opts    Options
	files   []*load.File
	parents map[*load.File]map[ast.Node]ast.Node
	byObj   map[*types.Var]*SyncMap
	labels  map[ast.Node]map[string]bool // function body -> labels taken in it
	// loaded holds the variables defined from a map's loads (and Range
	// parameters): the map and whether they hold its keys.
	loaded map[*types.Var]loadedVar
	// names holds, per function declaration (or file), the identifiers
	// taken there, for new names.
	names map[ast.Node]map[string]bool
	// localUses indexes, per package, the uses of its local variables.
	localUses map[*types.Info]map[*types.Var][]*ast.Ident
}

// loadedVar is a variable that holds a key or value loaded from m.
type loadedVar struct {
	m   *SyncMap
	key bool
}

// PlanSyncMaps finds the sync.Map variables and fields of the program's
// writable files and decides, for each, whether it can be migrated to
// Map[K, V] and how. Nothing is edited.
func PlanSyncMaps(prog *load.Program, opts Options) *SyncMapResult {
	p := &smPlanner{prog: prog, opts: opts, parents: make(map[*load.File]map[ast.Node]ast.Node), byObj: make(map[*types.Var]*SyncMap), labels: make(map[ast.Node]map[string]bool), loaded: make(map[*types.Var]loadedVar), names: make(map[ast.Node]map[string]bool), localUses: make(map[*types.Info]map[*types.Var][]*ast.Ident)}
	for _, f := range prog.Files() {
		if f.Syntax == nil || f.Package == nil || f.Package.TypesInfo == nil {
			continue
		}
		p.files = append(p.files, f)
	}
	res := &SyncMapResult{}
	// Declarations first: every sync.Map or *sync.Map variable or field
	// declared in a writable file, other than parameters and results.
	for _, f := range p.files {
		if !f.Writable || ast.IsGenerated(f.Syntax) {
			continue
		}
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Defs[id].(*types.Var)
			if !ok {
				return true
			}
			switch v.Kind() {
			case types.PackageVar, types.LocalVar, types.FieldVar:
			default:
				return true
			}
			t := v.Type()
			ptr := false
			if pt, ok := types.Unalias(t).(*types.Pointer); ok {
				t, ptr = pt.Elem(), true
			}
			if !isSyncMap(t) {
				return true
			}
			m := &SyncMap{Name: p.name(f, id, v), Pos: id.Pos(), obj: v, file: f, edits: make(map[ast.Node]*smEdit), pointer: ptr}
			p.byObj[v] = m
			res.Maps = append(res.Maps, m)
			return true
		})
	}
	if len(res.Maps) == 0 {
		return res
	}
	for _, m := range res.Maps {
		p.planDecl(m)
	}
	// Then every use, in every loaded file.
	for _, f := range p.files {
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok {
				return true
			}
			if m := p.byObj[v]; m != nil {
				p.planUse(m, f, id)
			}
			return true
		})
	}
	p.planHolders(res.Maps)
	p.decide(res.Maps)
	sort.SliceStable(res.Maps, func(i, j int) bool {
		return load.ComparePos(prog.Fset, res.Maps[i].Pos, res.Maps[j].Pos) < 0
	})
	return res
}

// parent returns the node that holds n in f.
func (p *smPlanner) parent(f *load.File, n ast.Node) ast.Node {
	ps := p.parents[f]
	if ps == nil {
		ps = make(map[ast.Node]ast.Node)
		var stack []ast.Node
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				ps[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			return true
		})
		p.parents[f] = ps
	}
	return ps[n]
}

// parentExpr returns the parent of n, looking through parentheses.
func (p *smPlanner) parentExpr(f *load.File, n ast.Node) (parent, child ast.Node) {
	child = n
	parent = p.parent(f, n)
	for {
		pe, ok := parent.(*ast.ParenExpr)
		if !ok {
			return parent, child
		}
		child, parent = pe, p.parent(f, pe)
	}
}

// name names a declaration in messages.
func (p *smPlanner) name(f *load.File, id *ast.Ident, v *types.Var) string {
	pkg := f.Package.Types.Name()
	if v.Kind() == types.PackageVar {
		return pkg + "." + id.Name
	}
	for n := p.parent(f, id); n != nil; n = p.parent(f, n) {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if v.Kind() == types.FieldVar {
				return pkg + "." + n.Name.Name + "." + id.Name
			}
		case *ast.FuncDecl:
			return pkg + "." + n.Name.Name + "." + id.Name
		}
	}
	return pkg + "." + id.Name
}

// planDecl checks the declaration of m and plans the edit of its type.
func (p *smPlanner) planDecl(m *SyncMap) {
	f := m.file
	v := m.obj
	if v.Embedded() {
		m.refuse(m.Pos, "%s is an embedded sync.Map: its methods are promoted to the struct, whose callers mapfix does not migrate", m.Name)
		return
	}
	if what := exportedVar(f, v); what != "" {
		switch {
		case p.opts.API && p.opts.PkgPath != "" && !isInternal(p.opts.PkgPath):
			m.Notes = append(m.Notes, Note{Pos: m.Pos, Msg: fmt.Sprintf("%s is part of the exported API of %s: its importers must now use Map of %s", what, v.Pkg().Path(), p.opts.PkgPath)})
		default:
			m.refuse(m.Pos, "%s is part of the exported API of %s, which other modules can import: changing its type would break their code (-api with -pkg naming a package they can import allows it)", what, v.Pkg().Path())
			return
		}
	}
	var id *ast.Ident
	ast.Inspect(f.Syntax, func(n ast.Node) bool {
		if x, ok := n.(*ast.Ident); ok && x.Pos() == m.Pos {
			id = x
		}
		return id == nil
	})
	if id == nil {
		m.refuse(m.Pos, "mapfix cannot find the declaration of %s", m.Name)
		return
	}
	switch d := p.parent(f, id).(type) {
	case *ast.Field:
		if len(d.Names) != 1 {
			m.refuse(m.Pos, "%s is declared together with other fields; give it a declaration of its own", m.Name)
			return
		}
		p.planTypeExpr(m, f, d.Type)
	case *ast.ValueSpec:
		if len(d.Names) != 1 {
			m.refuse(m.Pos, "%s is declared together with other variables; give it a declaration of its own", m.Name)
			return
		}
		if d.Type != nil {
			p.planTypeExpr(m, f, d.Type)
		}
		for _, x := range d.Values {
			p.planMake(m, f, x)
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != 1 || len(d.Rhs) != 1 {
			m.refuse(m.Pos, "%s is declared in an assignment of several variables; give it a declaration of its own", m.Name)
			return
		}
		p.planMake(m, f, d.Rhs[0])
	default:
		m.refuse(m.Pos, "mapfix does not migrate a sync.Map declared this way")
	}
}

// exportedVar names v when it is part of the exported API of a package
// other modules can import, or returns "".
func exportedVar(f *load.File, v *types.Var) string {
	pkg := v.Pkg()
	if pkg == nil || pkg.Name() == "main" || isInternal(pkg.Path()) || strings.HasSuffix(f.Name, "_test.go") {
		return ""
	}
	if v.Exported() && (v.Kind() == types.FieldVar || v.Kind() == types.PackageVar) {
		return v.Name()
	}
	return ""
}

// planTypeExpr plans the edit of a spelled type sync.Map or *sync.Map.
func (p *smPlanner) planTypeExpr(m *SyncMap, f *load.File, t ast.Expr) {
	t = ast.Unparen(t)
	if st, ok := t.(*ast.StarExpr); ok {
		t = ast.Unparen(st.X)
	}
	tv, ok := f.Package.TypesInfo.Types[t]
	if !ok || !isSyncMap(tv.Type) {
		m.refuse(t.Pos(), "%s's type is spelled through another name than sync.Map", m.Name)
		return
	}
	if _, ok := t.(*ast.SelectorExpr); !ok {
		m.refuse(t.Pos(), "%s's type is spelled through another name than sync.Map", m.Name)
		return
	}
	m.edits[t] = &smEdit{kind: smType, m: m, file: f}
}

// planMake plans the edit of a value that makes or sets the map: new(sync.Map),
// &sync.Map{}, sync.Map{} or nil.
func (p *smPlanner) planMake(m *SyncMap, f *load.File, x ast.Expr) {
	info := f.Package.TypesInfo
	x = ast.Unparen(x)
	if tv, ok := info.Types[x]; ok && tv.IsNil() {
		return
	}
	// p := &m, or p := q of another *sync.Map: one map under two names.
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if other := p.mapOf(f, u.X); other != nil && !other.pointer {
			link(m, other)
			return
		}
	}
	if other := p.mapOf(f, x); other != nil && other.pointer {
		link(m, other)
		return
	}
	switch x := x.(type) {
	case *ast.CallExpr:
		if isBuiltinCall(info, x, "new") && len(x.Args) == 1 {
			p.planTypeExpr(m, f, x.Args[0])
			return
		}
	case *ast.UnaryExpr:
		if cl, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND && len(cl.Elts) == 0 && cl.Type != nil {
			p.planTypeExpr(m, f, cl.Type)
			return
		}
	case *ast.CompositeLit:
		if len(x.Elts) == 0 && x.Type != nil {
			p.planTypeExpr(m, f, x.Type)
			return
		}
	}
	m.refuse(x.Pos(), "%s is set from a value mapfix cannot follow (it migrates new(sync.Map), &sync.Map{} and sync.Map{})", m.Name)
}

// planUse plans one use of m: id refers to it (a variable, or the field
// of a selector).
func (p *smPlanner) planUse(m *SyncMap, f *load.File, id *ast.Ident) {
	if !f.Writable {
		m.refuse(id.Pos(), "%s is used in %s, which mapfix may not change", m.Name, p.prog.Rel(id.Pos()))
		return
	}
	var ref ast.Expr = id
	if sel, ok := p.parent(f, id).(*ast.SelectorExpr); ok && sel.Sel == id {
		ref = sel
	}
	parent, child := p.parentExpr(f, ref)
	// &m given to another sync.Map variable or field, or a *sync.Map
	// given to another: the two are linked where that one is set.
	if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND && !m.pointer && p.setsMap(f, u) {
		return
	}
	if m.pointer && p.setsMap(f, ref) {
		return
	}
	switch x := parent.(type) {
	case *ast.SelectorExpr:
		if x.X == child && syncMapMethods[x.Sel.Name] {
			if call, ok := p.parent(f, x).(*ast.CallExpr); ok && call.Fun == x {
				p.planCall(m, f, x.Sel.Name, call)
				return
			}
		}
	case *ast.KeyValueExpr:
		if x.Key == child {
			if m.pointer {
				p.planMake(m, f, x.Value)
				return
			}
			m.refuse(x.Pos(), "%s is given a value in a composite literal; a zero sync.Map is the only one mapfix migrates", m.Name)
			return
		}
	case *ast.AssignStmt:
		if m.pointer && x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
			for i, l := range x.Lhs {
				if l == child {
					p.planMake(m, f, x.Rhs[i])
					return
				}
			}
		}
	case *ast.BinaryExpr:
		if m.pointer && (x.Op == token.EQL || x.Op == token.NEQ) {
			other := x.X
			if other == child {
				other = x.Y
			}
			if tv, ok := f.Package.TypesInfo.Types[ast.Unparen(other)]; ok && tv.IsNil() {
				return
			}
		}
	}
	what := describeUse(parent, child)
	if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if call, ok := p.parent(f, u).(*ast.CallExpr); ok && call.Fun != u {
			what = "its address is passed to " + types.ExprString(call.Fun)
		}
	}
	m.refuse(ref.Pos(), "%s is used other than through its methods (%s); mapfix follows only method calls on it", m.Name, what)
}

// setsMap reports whether x is the value that a declaration, assignment or
// composite literal gives a *sync.Map variable or field.
func (p *smPlanner) setsMap(f *load.File, x ast.Expr) bool {
	parent, child := p.parentExpr(f, x)
	info := f.Package.TypesInfo
	isMap := func(id *ast.Ident) bool {
		v, ok := info.Defs[id].(*types.Var)
		if !ok {
			v, _ = info.Uses[id].(*types.Var)
		}
		return p.byObj[v] != nil && p.byObj[v].pointer
	}
	switch s := parent.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) != len(s.Rhs) {
			return false
		}
		for i, r := range s.Rhs {
			if r == child {
				if m := p.mapOf(f, s.Lhs[i]); m != nil && m.pointer {
					return true
				}
				id, ok := s.Lhs[i].(*ast.Ident)
				return ok && isMap(id)
			}
		}
	case *ast.ValueSpec:
		for i, v := range s.Values {
			if v == child && i < len(s.Names) && len(s.Names) == len(s.Values) {
				return isMap(s.Names[i])
			}
		}
	case *ast.KeyValueExpr:
		if id, ok := s.Key.(*ast.Ident); ok && s.Value == child {
			return isMap(id)
		}
	}
	return false
}

// describeUse says in a few words how a use that is not a method call
// uses the map.
func describeUse(parent, child ast.Node) string {
	switch x := parent.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return "its address is taken"
		}
	case *ast.CallExpr:
		for _, a := range x.Args {
			if a == child {
				return "it is passed to a function"
			}
		}
	case *ast.ReturnStmt:
		return "it is returned"
	case *ast.AssignStmt, *ast.ValueSpec:
		return "it is assigned"
	case *ast.SelectorExpr:
		return "the method value or field " + x.Sel.Name
	case *ast.CompositeLit, *ast.KeyValueExpr:
		return "it is put in a composite literal"
	}
	return fmt.Sprintf("in a %T", parent)
}

// staticType returns the type an argument gives a value of type any: its
// own static type, or the default type of an untyped constant.
func staticType(info *types.Info, x ast.Expr) (types.Type, bool) {
	tv, ok := info.Types[ast.Unparen(x)]
	if !ok || tv.Type == nil || tv.IsNil() {
		return nil, false
	}
	return types.Default(tv.Type), true
}

// pinKey and pinValue record the static type of a key or value argument.
func (p *smPlanner) pinKey(m *SyncMap, f *load.File, x ast.Expr) {
	if t, ok := staticType(f.Package.TypesInfo, x); ok {
		m.keys = append(m.keys, pinned{t: t, pos: x.Pos(), obj: identVar(f, x), key: true})
		return
	}
	m.refuse(x.Pos(), "%s is given an untyped nil key", m.Name)
}

func (p *smPlanner) pinValue(m *SyncMap, f *load.File, x ast.Expr) {
	if t, ok := staticType(f.Package.TypesInfo, x); ok {
		m.values = append(m.values, pinned{t: t, pos: x.Pos(), obj: identVar(f, x)})
		return
	}
	m.refuse(x.Pos(), "%s is given an untyped nil value: a nil any has no type to migrate to", m.Name)
}

// identVar returns the variable x names, or nil.
func identVar(f *load.File, x ast.Expr) *types.Var {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := f.Package.TypesInfo.Uses[id].(*types.Var)
	return v
}

// planCall plans a method call on m.
func (p *smPlanner) planCall(m *SyncMap, f *load.File, method string, call *ast.CallExpr) {
	args := call.Args
	switch method {
	case "Load", "LoadAndDelete", "Delete":
		p.pinKey(m, f, args[0])
	case "Store", "LoadOrStore", "Swap":
		p.pinKey(m, f, args[0])
		p.pinValue(m, f, args[1])
	case "CompareAndSwap", "CompareAndDelete":
		p.pinKey(m, f, args[0])
		for _, a := range args[1:] {
			p.pinValue(m, f, a)
		}
		p.planCompare(m, f, method, call)
	case "Range":
		p.planRange(m, f, call)
	case "Clear":
	}
	switch method {
	case "Load", "LoadAndDelete", "Swap":
		p.planResults(m, f, method, call, false)
	case "LoadOrStore":
		p.planResults(m, f, method, call, true)
	}
}

// planResults plans the uses of the results of Load, LoadAndDelete, Swap
// or LoadOrStore: the call must be a statement of its own, or define the
// value (and the ok flag) with :=. always says that the value is there
// whatever the flag says (LoadOrStore's actual).
func (p *smPlanner) planResults(m *SyncMap, f *load.File, method string, call *ast.CallExpr, always bool) {
	parent, _ := p.parentExpr(f, call)
	switch x := parent.(type) {
	case *ast.ExprStmt:
		return
	case *ast.AssignStmt:
		if len(x.Lhs) != 2 || len(x.Rhs) != 1 {
			break
		}
		info := f.Package.TypesInfo
		val, ok := x.Lhs[0], x.Lhs[1]
		if isBlank(val) {
			return
		}
		id, _ := val.(*ast.Ident)
		if id != nil && info.Defs[id] == nil {
			// s, _ = m.LoadOrStore(k, x) into a variable an earlier load
			// of the same map declared: it has the map's type already
			// (planLoaded sees the assignment and stops trusting its
			// ok flag).
			if lv, ok := p.loaded[identVar(f, id)]; ok && lv.m.root() == m.root() && !lv.key {
				return
			}
		}
		if x.Tok != token.DEFINE || id == nil || info.Defs[id] == nil {
			m.refuse(val.Pos(), "the value %s.%s returns is assigned to a variable declared before; mapfix migrates it when := declares it, or when an earlier load of the map declared it", m.Name, method)
			return
		}
		pr := &presence{}
		okID, _ := ok.(*ast.Ident)
		switch {
		case always:
			pr.name = "true"
		case okID != nil && isBlank(okID) && x.Tok == token.DEFINE:
			pr.blank = okID
		case okID != nil && x.Tok == token.DEFINE && info.Defs[okID] != nil && p.neverSet(f, info.Defs[okID]):
			pr.name, pr.obj = okID.Name, info.Defs[okID]
		}
		p.planLoaded(m, f, info.Defs[id].(*types.Var), id, false, pr)
		return
	}
	m.refuse(call.Pos(), "the result of %s.%s is used directly; mapfix migrates `v, ok := m.%s(...)` and the uses of v", m.Name, method, method)
}

// neverSet reports whether v is only ever read after its declaration, so
// that its name stands for the value it was declared with wherever it is in
// scope.
func (p *smPlanner) neverSet(f *load.File, obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	for _, id := range p.usesOf(f, v) {
		switch x := p.parent(f, id).(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if l == id {
					return false
				}
			}
		case *ast.IncDecStmt:
			return false
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				return false
			}
		}
	}
	return true
}

// planLoaded plans the uses of a variable that holds a value loaded from
// m (isKey: a key, from a Range callback), declared at def (nil for a
// parameter); pr tells whether it was there.
func (p *smPlanner) planLoaded(m *SyncMap, f *load.File, v *types.Var, def *ast.Ident, isKey bool, pr *presence) {
	p.loaded[v] = loadedVar{m: m, key: isKey}
	info := f.Package.TypesInfo
	var nilTests []*smEdit
	uses := 0
	defer func() {
		// A value used only in nil tests is used nowhere once they are
		// the load's flag: its variable becomes _.
		if def != nil && uses == len(nilTests) && len(nilTests) > 0 {
			m.edits[def] = &smEdit{kind: smBlankValue, m: m, file: f, users: nilTests}
		}
	}()
	ids := p.usesOf(f, v)
	// A variable set again from a load of the same map (v, _ =
	// m.LoadOrStore(k, x)) still holds the map's values, but the first
	// load's flag no longer says whether it was found.
	for _, id := range ids {
		if p.reloaded(f, id, m) {
			pr = &presence{}
		}
	}
	for _, id := range ids {
		if p.reloaded(f, id, m) {
			continue
		}
		uses++
		parent, child := p.parentExpr(f, id)
		if ta, ok := parent.(*ast.TypeAssertExpr); ok && ta.X == child {
			if ta.Type == nil {
				m.refuse(ta.Pos(), "a type switch on a value loaded from %s: mapfix migrates type assertions only", m.Name)
				continue
			}
			t := info.Types[ta.Type].Type
			if isKey {
				m.keys = append(m.keys, pinned{t: t, pos: ta.Pos()})
			} else {
				m.values = append(m.values, pinned{t: t, pos: ta.Pos()})
			}
			p.planAssert(m, f, ta, isKey, pr)
			continue
		}
		if be, ok := parent.(*ast.BinaryExpr); ok && (be.Op == token.EQL || be.Op == token.NEQ) {
			other := be.Y
			if other == child {
				other = be.X
			}
			if tv, ok := info.Types[ast.Unparen(other)]; ok && tv.IsNil() {
				// Nil exactly when the load found nothing, unless V is
				// an interface, where a stored nil is nil too: decided
				// with V.
				e := &smEdit{kind: smNilTest, m: m, file: f, negate: be.Op == token.EQL, key: isKey}
				if !p.usePresence(m, f, be, pr, e) {
					continue
				}
				// ok && v != nil is ok, and !ok || v == nil is !ok:
				// the whole test becomes the flag's side of it.
				if outer, ok := p.parent(f, be).(*ast.BinaryExpr); ok && pr.obj != nil && p.sameFlag(f, outer, be, pr.obj, e.negate) {
					e.whole = true
					m.edits[outer] = e
				} else {
					m.edits[be] = e
				}
				nilTests = append(nilTests, e)
				continue
			}
		}
		if p.passedBack(f, parent, child, m, isKey) {
			continue // a key or value of m given back to m
		}
		if pr.name == "true" && passedAsInterface(info, parent, child) {
			continue // the same dynamic value as before
		}
		m.refuse(id.Pos(), "%s, loaded from %s, is used other than by a type assertion or a comparison with nil%s; its type would change from any", id.Name, m.Name, alwaysHint(pr))
	}
}

// sameFlag reports whether outer is ok && test (test is v != nil) or
// !ok || test (negate: test is v == nil), in either order, with ok the
// load's flag.
func (p *smPlanner) sameFlag(f *load.File, outer *ast.BinaryExpr, test ast.Expr, flag types.Object, negate bool) bool {
	other := outer.X
	if other == test {
		other = outer.Y
	} else if outer.Y != test {
		return false
	}
	other = ast.Unparen(other)
	if negate {
		u, ok := other.(*ast.UnaryExpr)
		if outer.Op != token.LOR || !ok || u.Op != token.NOT {
			return false
		}
		other = ast.Unparen(u.X)
	} else if outer.Op != token.LAND {
		return false
	}
	id, ok := other.(*ast.Ident)
	return ok && f.Package.TypesInfo.Uses[id] == flag
}

// usesOf returns the identifiers of f's package that use v, a variable
// local to a function, in source order.
func (p *smPlanner) usesOf(f *load.File, v *types.Var) []*ast.Ident {
	info := f.Package.TypesInfo
	idx := p.localUses[info]
	if idx == nil {
		// One pass over the package's uses, sorted once, serves every
		// loaded variable and ok flag of it.
		idx = make(map[*types.Var][]*ast.Ident)
		for id, o := range info.Uses {
			if lv, ok := o.(*types.Var); ok && lv.Kind() != types.PackageVar && lv.Kind() != types.FieldVar {
				idx[lv] = append(idx[lv], id)
			}
		}
		for _, ids := range idx {
			sort.Slice(ids, func(i, j int) bool { return ids[i].Pos() < ids[j].Pos() })
		}
		p.localUses[info] = idx
	}
	return idx[v]
}

// reloaded reports whether id is the value target of v, _ = m.Method(...),
// a load of m (or a map linked to it) that gives a value.
func (p *smPlanner) reloaded(f *load.File, id *ast.Ident, m *SyncMap) bool {
	as, ok := p.parent(f, id).(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 || as.Lhs[0] != id {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Load", "LoadOrStore", "LoadAndDelete", "Swap":
	default:
		return false
	}
	other := p.mapOf(f, sel.X)
	return other != nil && other.root() == m.root()
}

// usePresence makes e use pr's name, naming a blank flag if need be; it
// reports false (and refuses m) when the load's flag cannot be used at n.
func (p *smPlanner) usePresence(m *SyncMap, f *load.File, n ast.Node, pr *presence, e *smEdit) bool {
	switch {
	case pr.name == "" && pr.blank != nil:
		pr.name = p.freshName(f, pr.blank, "ok")
		pr.named = &smEdit{kind: smNameOK, m: m, file: f, presence: pr.name}
		m.edits[pr.blank] = pr.named
	case pr.name == "":
		m.refuse(n.Pos(), "what a value loaded from %s is compared with or asserted to needs the load's ok flag, which is declared before or set again", m.Name)
		return false
	}
	if pr.obj != nil {
		// The flag must be the same variable where it is used.
		scope := f.Package.Types.Scope().Innermost(n.Pos())
		if scope == nil {
			m.refuse(n.Pos(), "mapfix cannot tell the scope at this use of a value loaded from %s", m.Name)
			return false
		}
		if _, obj := scope.LookupParent(pr.name, n.Pos()); obj != pr.obj {
			m.refuse(n.Pos(), "the ok flag %s of the load is shadowed at this use of a value loaded from %s", pr.name, m.Name)
			return false
		}
	}
	e.presence = pr.name
	if pr.named != nil {
		pr.named.users = append(pr.named.users, e)
	}
	return true
}

// freshName returns a name that no identifier of the function declaration
// holding n uses (so it shadows nothing the function refers to), nor the
// package's scope; the name is then taken.
func (p *smPlanner) freshName(f *load.File, n ast.Node, base string) string {
	var scope ast.Node = f.Syntax
	for x := p.parent(f, n); x != nil; x = p.parent(f, x) {
		if fd, ok := x.(*ast.FuncDecl); ok {
			scope = fd
			break
		}
	}
	taken := p.names[scope]
	if taken == nil {
		taken = identNames(scope)
		p.names[scope] = taken
	}
	for {
		name := freshName(taken, base)
		if f.Package.Types.Scope().Lookup(name) == nil {
			return name
		}
	}
}

// passedBack reports whether child, a key (isKey) or value loaded from m,
// is given back to m (or a map linked to it) as a key or value again,
// where it has the type it will have after the migration.
func (p *smPlanner) passedBack(f *load.File, parent, child ast.Node, m *SyncMap, isKey bool) bool {
	call, ok := parent.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !syncMapMethods[sel.Sel.Name] || p.mapOf(f, sel.X) == nil || p.mapOf(f, sel.X).root() != m.root() {
		return false
	}
	for i, a := range call.Args {
		if a != child {
			continue
		}
		if i == 0 {
			return isKey && sel.Sel.Name != "Range"
		}
		return !isKey
	}
	return false
}

// mapOf returns the sync.Map that x refers to (a variable or field), or nil.
func (p *smPlanner) mapOf(f *load.File, x ast.Expr) *SyncMap {
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	v, _ := f.Package.TypesInfo.Uses[id].(*types.Var)
	return p.byObj[v]
}

func alwaysHint(pr *presence) string {
	if pr.name == "true" {
		return " (or as an argument of interface type)"
	}
	return ""
}

// passedAsInterface reports whether child is an argument of the call
// parent at a parameter of interface type.
func passedAsInterface(info *types.Info, parent, child ast.Node) bool {
	call, ok := parent.(*ast.CallExpr)
	if !ok {
		return false
	}
	sig, ok := types.Unalias(info.TypeOf(call.Fun)).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	for i, a := range call.Args {
		if a != child {
			continue
		}
		n := sig.Params().Len()
		var pt types.Type
		switch {
		case sig.Variadic() && i >= n-1:
			if call.Ellipsis.IsValid() {
				return false
			}
			pt = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
		case i < n:
			pt = sig.Params().At(i).Type()
		default:
			return false
		}
		return types.IsInterface(pt)
	}
	return false
}

// planAssert plans the edit of v.(T) on a loaded value v.
func (p *smPlanner) planAssert(m *SyncMap, f *load.File, ta *ast.TypeAssertExpr, isKey bool, pr *presence) {
	parent, child := p.parentExpr(f, ta)
	commaOK := false
	switch x := parent.(type) {
	case *ast.AssignStmt:
		commaOK = len(x.Lhs) == 2 && len(x.Rhs) == 1 && x.Rhs[0] == child
	case *ast.ValueSpec:
		commaOK = len(x.Names) == 2 && len(x.Values) == 1 && x.Values[0] == child
	}
	if !commaOK {
		m.edits[ta] = &smEdit{kind: smAssert, m: m, file: f}
		return
	}
	e := &smEdit{kind: smCommaOK, m: m, file: f, key: isKey}
	if p.usePresence(m, f, ta, pr, e) {
		m.edits[parent] = e
	}
}

// planCompare checks a CompareAndSwap or CompareAndDelete, which become
// a Compute: the receiver is evaluated after the arguments there, so it
// must be free of calls.
func (p *smPlanner) planCompare(m *SyncMap, f *load.File, method string, call *ast.CallExpr) {
	recv := call.Fun.(*ast.SelectorExpr).X
	pure := true
	ast.Inspect(recv, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.IndexExpr, *ast.StarExpr:
			pure = false
		}
		return pure
	})
	if !pure {
		m.refuse(call.Pos(), "the receiver of %s.%s has calls or indexes, which the Compute it becomes would evaluate after its arguments", m.Name, method)
		return
	}
	if v := fileVersion(f); v != "" && version.Compare(v, "go1.22") < 0 {
		m.refuse(call.Pos(), "%s becomes a Compute, which needs Go 1.22 here", method)
		return
	}
	m.edits[call] = &smEdit{kind: smCompare, m: m, file: f, method: method}
}

// planRange plans m.Range(func(k, v any) bool {...}): a range over m.All()
// when every return of the callback returns a constant and nothing in it
// needs the function (defer), else the same Range with typed parameters.
func (p *smPlanner) planRange(m *SyncMap, f *load.File, call *ast.CallExpr) {
	info := f.Package.TypesInfo
	lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit)
	if !ok {
		m.refuse(call.Pos(), "%s.Range is given a function value, not a function literal; its parameters would have to change type where it is declared", m.Name)
		return
	}
	if _, ok := p.parent(f, call).(*ast.ExprStmt); !ok {
		m.refuse(call.Pos(), "%s.Range is not a statement of its own", m.Name)
		return
	}
	// The parameters become typed: their uses follow the loaded-value
	// rules, and a key or value is always there.
	// A parameter the body never uses becomes _: a loop variable must
	// be used.
	names := []string{"_", "_"}
	i := 0
	for _, fld := range lit.Type.Params.List {
		if len(fld.Names) == 0 {
			i++
		}
		for _, n := range fld.Names {
			if v, ok := info.Defs[n].(*types.Var); ok && n.Name != "_" && i < 2 {
				if p.used(f, v) {
					names[i] = n.Name
				}
				p.planLoaded(m, f, v, nil, i == 0, &presence{name: "true"})
			}
			i++
		}
	}
	loop := true
	if v := fileVersion(f); v != "" && version.Compare(v, "go1.23") < 0 {
		loop = false // ranging over a function needs Go 1.23
	}
	var returns []*ast.ReturnStmt
	// Per return: whether it sits inside a loop of the callback (continue
	// needs the label) or inside a statement break would leave (break
	// needs it).
	var inLoop, inBreak []bool
	var walk func(n ast.Node, loopDepth, breakDepth int)
	walk = func(n ast.Node, loopDepth, breakDepth int) {
		ast.Inspect(n, func(x ast.Node) bool {
			if x == n {
				return true
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false // its returns are its own
			case *ast.DeferStmt:
				loop = false // would run at the end of the enclosing function
			case *ast.ForStmt, *ast.RangeStmt:
				walk(x, loopDepth+1, breakDepth+1)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(x, loopDepth, breakDepth+1)
				return false
			case *ast.ReturnStmt:
				returns = append(returns, x)
				inLoop = append(inLoop, loopDepth > 0)
				inBreak = append(inBreak, breakDepth > 0)
			}
			return true
		})
	}
	walk(lit.Body, 0, 0)
	var res []bool
	for _, r := range returns {
		if len(r.Results) != 1 {
			loop = false
			break
		}
		tv := info.Types[r.Results[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.Bool {
			loop = false
			break
		}
		res = append(res, constant.BoolVal(tv.Value))
	}
	if !loop {
		m.edits[call] = &smEdit{kind: smRangeTyped, m: m, file: f}
		return
	}
	label := ""
	for i := range returns {
		if (res[i] && inLoop[i]) || (!res[i] && inBreak[i]) {
			label = p.freeLabel(f, call, "loop")
			break
		}
	}
	last := len(lit.Body.List) - 1
	for i, r := range returns {
		e := &smEdit{kind: smReturn, m: m, file: f, cont: res[i]}
		if (res[i] && inLoop[i]) || (!res[i] && inBreak[i]) {
			e.label = label
		}
		if res[i] && last >= 0 && lit.Body.List[last] == r {
			e.drop = true
		}
		m.edits[r] = e
	}
	m.edits[p.parent(f, call)] = &smEdit{kind: smRange, m: m, file: f, label: label, names: names}
}

// used reports whether v is used anywhere in f.
func (p *smPlanner) used(f *load.File, v *types.Var) bool {
	return len(p.usesOf(f, v)) > 0
}

// freeLabel returns a label name that no label of the function holding n
// uses.
func (p *smPlanner) freeLabel(f *load.File, n ast.Node, base string) string {
	var body ast.Node
	for x := p.parent(f, n); x != nil; x = p.parent(f, x) {
		if fd, ok := x.(*ast.FuncDecl); ok {
			body = fd.Body
			break
		}
		if fl, ok := x.(*ast.FuncLit); ok {
			body = fl.Body
			break
		}
	}
	taken := p.labels[body]
	if taken == nil {
		taken = make(map[string]bool)
		if body != nil {
			ast.Inspect(body, func(x ast.Node) bool {
				if l, ok := x.(*ast.LabeledStmt); ok {
					taken[l.Label.Name] = true
				}
				return true
			})
		}
		p.labels[body] = taken
	}
	return freshName(taken, base)
}

// decide settles K and V of each map (of maps linked together, as one)
// from what their uses pinned, and refuses them when the pins disagree or
// are not types the generated map can hold.
func (p *smPlanner) decide(maps []*SyncMap) {
	groups := make(map[*SyncMap][]*SyncMap)
	var roots []*SyncMap
	for _, m := range maps {
		r := m.root()
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], m)
	}
	for _, r := range roots {
		p.decideGroup(groups[r])
	}
}

func (p *smPlanner) decideGroup(group []*SyncMap) {
	m := group[0]
	for _, g := range group {
		g.group = group
	}
	var keys, values []pinned
	refused := false
	for _, g := range group {
		keys = append(keys, p.pins(g, g.keys, true)...)
		values = append(values, p.pins(g, g.values, false)...)
		refused = refused || len(g.Refusals) > 0
	}
	if len(group) > 1 {
		// Linked maps share one fate: the first refused names why.
		for _, g := range group {
			if len(g.Refusals) > 0 {
				for _, o := range group {
					if o != g && len(o.Refusals) == 0 {
						o.refuse(o.Pos, "%s is the same map as %s, which is not migrated", o.Name, g.Name)
					}
				}
				return
			}
		}
	}
	if refused && (len(keys) == 0 || len(values) == 0) {
		return // the reason it has says why; no use pins a type either
	}
	k, okK := p.one(m, "keys", keys)
	v, okV := p.one(m, "values", values)
	if !okK || !okV {
		p.share(group)
		return
	}
	for _, g := range group {
		g.Key, g.Value = k, v
	}
	if !types.Comparable(k) {
		m.refuse(m.Pos, "%s's keys are of type %s, which is not comparable", m.Name, k)
	}
	for _, g := range group {
		for _, e := range g.edits {
			iface := types.IsInterface(v)
			if e.key {
				iface = types.IsInterface(k)
			}
			switch e.kind {
			case smCompare:
				if !types.Comparable(v) && len(m.Refusals) == 0 {
					m.refuse(m.Pos, "%s's values are of type %s, which is not comparable: CompareAndSwap and CompareAndDelete cannot become a Compute", m.Name, v)
				}
			case smCommaOK, smNilTest:
				e.iface = iface
			}
		}
	}
	if len(m.Refusals) == 0 {
		if mod := m.file.Module; mod != nil && mod.GoVersion != "" && version.Compare("go"+mod.GoVersion, "go"+GeneratedGoVersion) < 0 {
			m.refuse(m.Pos, "the generated shardedmap package needs Go %s or later, but module %s says go %s in its go.mod", GeneratedGoVersion, mod.Path, mod.GoVersion)
		}
	}
	p.share(group)
}

// share gives every map of a group the refusal of its first map.
func (p *smPlanner) share(group []*SyncMap) {
	m := group[0]
	if len(m.Refusals) == 0 {
		return
	}
	for _, o := range group[1:] {
		if len(o.Refusals) == 0 {
			o.refuse(o.Pos, "%s is the same map as %s, which is not migrated", o.Name, m.Name)
		}
	}
}

// pins returns the pins of g but those of values loaded from g's group
// and given back to it in the same role: they have its type already.
func (p *smPlanner) pins(g *SyncMap, pins []pinned, key bool) []pinned {
	var out []pinned
	for _, pn := range pins {
		if lv, ok := p.loaded[pn.obj]; ok && pn.obj != nil && lv.m.root() == g.root() && lv.key == key {
			continue
		}
		out = append(out, pn)
	}
	return out
}

// link makes a and b one map: they migrate together or not at all.
func link(a, b *SyncMap) {
	ra, rb := a.root(), b.root()
	if ra != rb {
		rb.up = ra
	}
}

// one returns the one type all pins agree on, or refuses m.
func (p *smPlanner) one(m *SyncMap, what string, pins []pinned) (types.Type, bool) {
	if len(pins) == 0 {
		m.refuse(m.Pos, "nothing in the code gives %s's %s a static type (no Store, and no type assertion of what it loads)", m.Name, what)
		return nil, false
	}
	for _, pn := range pins {
		if hasTypeParam(pn.t) {
			m.refuse(m.Pos, "%s's %s are of type %s at %s, which has a type parameter: mapfix does not migrate generic code", m.Name, what, pn.t, p.prog.Rel(pn.pos))
			return nil, false
		}
	}
	t := pins[0].t
	for _, pn := range pins[1:] {
		if !types.Identical(pn.t, t) {
			m.refuse(m.Pos, "%s holds %s of several types: %s at %s and %s at %s", m.Name, what, t, p.prog.Rel(pins[0].pos), pn.t, p.prog.Rel(pn.pos))
			return nil, false
		}
	}
	if it, ok := types.Unalias(t).Underlying().(*types.Interface); ok && it.Empty() {
		m.refuse(m.Pos, "%s's %s have the static type %s at %s: nothing pins one type to migrate to", m.Name, what, t, p.prog.Rel(pins[0].pos))
		return nil, false
	}
	return t, true
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	found := false
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if found || depth > 8 {
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.TypeParam:
			found = true
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i), depth+1)
			}
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				walk(t.Params().At(i).Type(), depth+1)
			}
			for i := 0; i < t.Results().Len(); i++ {
				walk(t.Results().At(i).Type(), depth+1)
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type(), depth+1)
			}
		}
	}
	walk(t, 0)
	return found
}

// reflecting are the packages whose functions look into the values they
// are given with reflection: a struct that held a sync.Map would show them
// the generated map's insides instead (fmt prints the fields, encoding/json
// calls Map's MarshalJSON), so its output changes.
var reflecting = map[string]bool{
	"reflect": true, "fmt": true, "encoding/json": true, "encoding/gob": true,
	"encoding/xml": true, "text/template": true, "html/template": true,
}

// planHolders refuses a sync.Map field whose struct is given to a function
// that inspects it with reflection.
func (p *smPlanner) planHolders(maps []*SyncMap) {
	holders := make(map[*types.TypeName][]*SyncMap)
	for _, m := range maps {
		if m.obj.Kind() != types.FieldVar {
			continue
		}
		if tn := holderOf(m.obj); tn != nil {
			holders[tn] = append(holders[tn], m)
		}
	}
	if len(holders) == 0 {
		return
	}
	for _, f := range p.files {
		info := f.Package.TypesInfo
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(info, call).(*types.Func)
			if !ok || fn.Pkg() == nil || !reflecting[fn.Pkg().Path()] {
				return true
			}
			for _, a := range call.Args {
				t := info.TypeOf(a)
				if t == nil || (fn.Pkg().Path() == "fmt" && printsItself(t)) {
					continue // fmt calls its String or Error method
				}
				if pt, ok := types.Unalias(t).(*types.Pointer); ok {
					t = pt.Elem()
				}
				nt, ok := types.Unalias(t).(*types.Named)
				if !ok {
					continue
				}
				for _, m := range holders[nt.Origin().Obj()] {
					m.refuse(a.Pos(), "a %s that holds %s is passed to %s.%s, which inspects it with reflection and would see the generated map instead", nt.Obj().Name(), m.Name, fn.Pkg().Name(), fn.Name())
				}
			}
			return true
		})
	}
}

// printsItself reports whether a value of type t has a String or Error
// method that fmt calls instead of printing its fields.
func printsItself(t types.Type) bool {
	for _, name := range []string{"String", "Error"} {
		obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Signature()
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return true
		}
	}
	return false
}

// holderOf returns the named struct type that declares the field v.
func holderOf(v *types.Var) *types.TypeName {
	scope := v.Pkg().Scope()
	var found *types.TypeName
	var look func(s *types.Scope)
	look = func(s *types.Scope) {
		for _, name := range s.Names() {
			tn, ok := s.Lookup(name).(*types.TypeName)
			if !ok || found != nil {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					if st.Field(i) == v {
						found = tn
					}
				}
			}
		}
		for i := 0; i < s.NumChildren() && found == nil; i++ {
			look(s.Child(i))
		}
	}
	look(scope)
	return found
}
