package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/load"
)

// Edit makes the planned edits of the migrated maps and fills Changes; it
// writes nothing. It may be called again after maps were refused (the
// pipeline refuses a map whose migration does not type-check).
func (r *SyncMapResult) Edit(prog *load.Program, opts Options) error {
	r.Changes = nil
	byFile := make(map[*load.File]map[ast.Node]*smEdit)
	for _, m := range r.Migrated() {
		for n, e := range m.edits {
			if byFile[e.file] == nil {
				byFile[e.file] = make(map[ast.Node]*smEdit)
			}
			byFile[e.file][n] = e
		}
	}
	files := make([]*load.File, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for _, f := range files {
		ch, failed, err := smEditFile(prog, f, byFile[f], opts)
		if err != nil {
			// A map whose edit cannot be made (a type the file cannot
			// spell) is refused with the reason; the others are edited
			// again without it.
			if failed == nil {
				return fmt.Errorf("migrate sync.Map in %s: %w", f.Name, err)
			}
			failed.Refuse(failed.Pos, fmt.Sprintf("mapfix cannot edit %s: %v", filepath.Base(f.Name), err))
			return r.Edit(prog, opts)
		}
		if ch != nil {
			r.Changes = append(r.Changes, ch)
		}
	}
	return nil
}

// MapsAt returns the migrated maps with an edit in file between the lines
// from and to of its original text (the pipeline blames them for a type
// error there).
func (r *SyncMapResult) MapsAt(prog *load.Program, file string, from, to int) []*SyncMap {
	var out []*SyncMap
	for _, m := range r.Migrated() {
		for n, e := range m.edits {
			if e.file.Name != file {
				continue
			}
			a, b := prog.Fset.Position(n.Pos()).Line, prog.Fset.Position(n.End()).Line
			if a <= to && b >= from {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// MapsNamedAt returns the migrated maps that the original code of file
// names between lines from and to, where no edit of theirs is: a
// variable or field named there, or a struct literal there whose type
// holds a migrated field (an unkeyed literal sets it without naming it).
// It narrows the blame for an error the edits cannot explain.
func (r *SyncMapResult) MapsNamedAt(prog *load.Program, file string, from, to int) []*SyncMap {
	f := prog.File(file)
	if f == nil {
		return nil
	}
	byObj := make(map[types.Object]*SyncMap)
	for _, m := range r.Migrated() {
		byObj[m.obj] = m
	}
	info := f.Package.TypesInfo
	seen := make(map[*SyncMap]bool)
	var out []*SyncMap
	add := func(o types.Object) {
		if m := byObj[o]; m != nil && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	ast.Inspect(f.Syntax, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		a, b := prog.Fset.Position(n.Pos()).Line, prog.Fset.Position(n.End()).Line
		if b < from || a > to {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			add(info.ObjectOf(n))
		case *ast.CompositeLit:
			t := info.TypeOf(n)
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if st, ok := t.Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					add(st.Field(i))
				}
			}
		}
		return true
	})
	return out
}

// MapsIn returns the migrated maps with an edit in file, or declared in
// package pkg (an import path; "" for none).
func (r *SyncMapResult) MapsIn(file, pkg string) []*SyncMap {
	var out []*SyncMap
	for _, m := range r.Migrated() {
		in := m.obj.Pkg() != nil && m.obj.Pkg().Path() == pkg
		for _, e := range m.edits {
			in = in || e.file.Name == file
		}
		if in {
			out = append(out, m)
		}
	}
	return out
}

// Refuse marks m as not migrated, for the reason given.
// The maps linked to it (the same map under other names) are refused with
// it.
func (m *SyncMap) Refuse(pos token.Pos, msg string) {
	m.Refusals = append(m.Refusals, Note{Pos: pos, Msg: msg})
	for _, o := range m.group {
		if o != m && len(o.Refusals) == 0 {
			o.refuse(o.Pos, "%s is the same map as %s, which is not migrated", o.Name, m.Name)
		}
	}
}

// smEditor makes the edits of one file.
type smEditor struct {
	dec     *decorator.Decorator
	file    *load.File
	edits   map[ast.Node]*smEdit
	pkg     string // the name the file uses for the shardedmap package
	imports []*types.Package
	err     error
	failed  *SyncMap // the map whose edit set err
}

// smEditFile makes the edits of one file and returns its new content; when
// an edit fails, it returns the map it was for (nil when the failure is the
// file's).
func smEditFile(prog *load.Program, f *load.File, edits map[ast.Node]*smEdit, opts Options) (*Change, *SyncMap, error) {
	ch, err := editSyncMapFile(prog, f, edits, opts)
	if e, ok := err.(*smEditError); ok {
		return nil, e.m, e.err
	}
	return ch, nil, err
}

// smEditError is an edit that failed for one map.
type smEditError struct {
	m   *SyncMap
	err error
}

func (e *smEditError) Error() string { return e.err.Error() }

// editSyncMapFile is smEditFile with an edit's failure as an *smEditError.
func editSyncMapFile(prog *load.Program, f *load.File, edits map[ast.Node]*smEdit, opts Options) (*Change, error) {
	dec := decorator.NewDecorator(prog.Fset)
	df, err := dec.DecorateFile(f.Syntax)
	if err != nil {
		return nil, fmt.Errorf("decorate: %w", err)
	}
	path := ImportPath(f, opts)
	if path == "" {
		return nil, fmt.Errorf("%s is not in a module", f.Name)
	}
	e := &smEditor{dec: dec, file: f, edits: edits, pkg: importName(f, path)}
	dstutil.Apply(df, nil, e.post)
	if e.err != nil {
		return nil, &smEditError{m: e.failed, err: e.err}
	}
	out, err := printEdited(df, f, e.pkg, path, e.imports, "sync")
	if err != nil {
		return nil, err
	}
	src := f.Src
	if src == nil {
		return nil, fmt.Errorf("no source bytes for %s", f.Name)
	}
	touched := make(map[ast.Node]*action, len(edits))
	for n := range edits {
		touched[n] = nil
	}
	return changeOf(prog.Fset, f, src, out, touched), nil
}

// post edits a node after its children, so that an edit built from its
// children (the body of a Range callback) sees them edited.
func (e *smEditor) post(c *dstutil.Cursor) bool {
	n := c.Node()
	if n == nil {
		return true
	}
	ed := e.edits[e.dec.Ast.Nodes[n]]
	if ed == nil {
		return true
	}
	switch ed.kind {
	case smType:
		k, v, err := e.keyValue(ed.m)
		if err != nil {
			e.err, e.failed = err, ed.m
			return false
		}
		c.Replace(withDecs(&dst.IndexListExpr{X: e.qual("Map"), Indices: []dst.Expr{k, v}}, n))
	case smAssert:
		ta := n.(*dst.TypeAssertExpr)
		c.Replace(withDecs(ta.X, n))
	case smCommaOK:
		e.commaOK(n, ed)
	case smReturn:
		r := n.(*dst.ReturnStmt)
		if ed.drop && len(r.Decs.Start) == 0 && len(r.Decs.End) == 0 {
			c.Delete()
			return true
		}
		b := &dst.BranchStmt{Tok: token.BREAK}
		if ed.cont {
			b.Tok = token.CONTINUE
		}
		if ed.label != "" {
			b.Label = dst.NewIdent(ed.label)
		}
		b.Decs.NodeDecs = r.Decs.NodeDecs
		c.Replace(b)
	case smRange:
		e.rangeLoop(c, ed)
	case smRangeTyped:
		e.rangeTyped(n.(*dst.CallExpr), ed)
		if e.err != nil {
			e.failed = ed.m
		}
	case smCompare:
		e.compare(c, ed)
		if e.err != nil {
			e.failed = ed.m
		}
	case smNilTest:
		if ed.iface {
			break // a stored nil interface is nil, as it was in the any
		}
		if ed.whole {
			// ok && v != nil -> ok; !ok || v == nil -> !ok.
			be := n.(*dst.BinaryExpr)
			flag := be.X
			if _, isTest := unparen(be.X).(*dst.BinaryExpr); isTest {
				flag = be.Y
			}
			c.Replace(withDecs(flag, n))
			break
		}
		var x dst.Expr = dst.NewIdent(ed.presence)
		switch {
		case ed.presence == "true" && ed.negate:
			x = dst.NewIdent("false")
		case ed.negate:
			x = &dst.UnaryExpr{Op: token.NOT, X: x}
		}
		c.Replace(withDecs(x, n))
	case smBlankValue:
		for _, u := range ed.users {
			if u.iface {
				return true // the nil test stays, and uses the value
			}
		}
		c.Replace(withDecs(dst.NewIdent("_"), n))
	case smNameOK:
		for _, u := range ed.users {
			if u.kind == smCommaOK || !u.iface {
				c.Replace(withDecs(dst.NewIdent(ed.presence), n))
				break
			}
		}
	}
	return e.err == nil
}

func (e *smEditor) qual(name string) dst.Expr {
	return &dst.SelectorExpr{X: dst.NewIdent(e.pkg), Sel: dst.NewIdent(name)}
}

// spell returns t as the file can spell it, noting the imports it needs.
func (e *smEditor) spell(t types.Type) (string, error) {
	s, add, err := typeString(e.file, t)
	if err != nil {
		return "", err
	}
	for _, p := range add {
		if !slices.Contains(e.imports, p) {
			e.imports = append(e.imports, p)
		}
	}
	return s, nil
}

func (e *smEditor) keyValue(m *SyncMap) (k, v dst.Expr, err error) {
	ks, err := e.spell(m.Key)
	if err != nil {
		return nil, nil, err
	}
	vs, err := e.spell(m.Value)
	if err != nil {
		return nil, nil, err
	}
	if k, err = parseType(ks); err != nil {
		return nil, nil, err
	}
	if v, err = parseType(vs); err != nil {
		return nil, nil, err
	}
	return k, v, nil
}

// commaOK turns x, ok2 := v.(T) into x, ok2 := v, ok: the value is of type
// T already, and the assertion succeeded exactly when the load found it
// (and, for an interface type, when what it found is not nil).
func (e *smEditor) commaOK(n dst.Node, ed *smEdit) {
	var rhs *[]dst.Expr
	switch s := n.(type) {
	case *dst.AssignStmt:
		rhs = &s.Rhs
	case *dst.ValueSpec:
		rhs = &s.Values
	}
	ta, ok := unparen((*rhs)[0]).(*dst.TypeAssertExpr)
	if !ok {
		e.err = fmt.Errorf("comma-ok assertion expected")
		return
	}
	val := ta.X
	var present dst.Expr
	if ed.presence == "true" {
		present = dst.NewIdent("true")
	} else {
		present = dst.NewIdent(ed.presence)
	}
	if ed.iface {
		notNil := &dst.BinaryExpr{X: dst.Clone(val).(dst.Expr), Op: token.NEQ, Y: dst.NewIdent("nil")}
		if ed.presence == "true" {
			present = notNil
		} else {
			present = &dst.BinaryExpr{X: present, Op: token.LAND, Y: notNil}
		}
	}
	*rhs = []dst.Expr{withDecs(val, (*rhs)[0]), present}
}

// rangeLoop turns m.Range(func(k, v any) bool { body }) into
// for k, v := range m.All() { body }; the returns of body are already
// continue and break.
func (e *smEditor) rangeLoop(c *dstutil.Cursor, ed *smEdit) {
	stmt := c.Node().(*dst.ExprStmt)
	call := stmt.X.(*dst.CallExpr)
	lit := unparen(call.Args[0]).(*dst.FuncLit)
	names := ed.names
	recv := call.Fun.(*dst.SelectorExpr).X
	rs := &dst.RangeStmt{Body: lit.Body, Tok: token.DEFINE}
	switch {
	case names[0] == "_" && names[1] == "_":
		rs.Tok = token.ILLEGAL
		rs.X = &dst.CallExpr{Fun: method(recv, "All")}
	case names[1] == "_":
		rs.Key = dst.NewIdent(names[0])
		rs.X = &dst.CallExpr{Fun: method(recv, "Keys")}
	default:
		rs.Key, rs.Value = dst.NewIdent(names[0]), dst.NewIdent(names[1])
		rs.X = &dst.CallExpr{Fun: method(recv, "All")}
	}
	var out dst.Stmt = rs
	if ed.label != "" {
		out = &dst.LabeledStmt{Label: dst.NewIdent(ed.label), Stmt: rs}
	}
	out.Decorations().Start = stmt.Decs.Start
	out.Decorations().Before = stmt.Decs.Before
	out.Decorations().After = stmt.Decs.After
	rs.Decs.End = append(rs.Decs.End, stmt.Decs.End...)
	c.Replace(out)
}

// dstParamNames returns the names of a callback's two parameters.
func dstParamNames(lit *dst.FuncLit) []string {
	var out []string
	for _, fld := range lit.Type.Params.List {
		if len(fld.Names) == 0 {
			out = append(out, "_")
		}
		for _, n := range fld.Names {
			out = append(out, n.Name)
		}
	}
	for len(out) < 2 {
		out = append(out, "_")
	}
	return out
}

// rangeTyped keeps m.Range and gives its callback typed parameters.
func (e *smEditor) rangeTyped(call *dst.CallExpr, ed *smEdit) {
	lit := unparen(call.Args[0]).(*dst.FuncLit)
	names := dstParamNames(lit)
	k, v, err := e.keyValue(ed.m)
	if err != nil {
		e.err = err
		return
	}
	lit.Type.Params.List = []*dst.Field{
		{Names: []*dst.Ident{dst.NewIdent(names[0])}, Type: k},
		{Names: []*dst.Ident{dst.NewIdent(names[1])}, Type: v},
	}
}

// compare turns m.CompareAndSwap(k, old, new) into the generated package's
// CompareAndSwap(&m, k, old, new), and CompareAndDelete likewise: functions,
// since a method cannot ask for comparable values, with sync.Map's
// results. The map and the arguments are evaluated in the same order.
func (e *smEditor) compare(c *dstutil.Cursor, ed *smEdit) {
	call := c.Node().(*dst.CallExpr)
	recv := call.Fun.(*dst.SelectorExpr).X
	x, ok := e.dec.Ast.Nodes[recv].(ast.Expr)
	if !ok {
		e.err = fmt.Errorf("the map of a %s is not an expression of the file", ed.method)
		return
	}
	var m dst.Expr = recv
	if _, isPtr := e.file.Package.TypesInfo.TypeOf(x).(*types.Pointer); !isPtr {
		m = &dst.UnaryExpr{Op: token.AND, X: recv}
	}
	out := &dst.CallExpr{
		Fun:  &dst.SelectorExpr{X: dst.NewIdent(e.pkg), Sel: dst.NewIdent(ed.method)},
		Args: append([]dst.Expr{m}, call.Args...),
	}
	c.Replace(withDecs(out, call))
}
