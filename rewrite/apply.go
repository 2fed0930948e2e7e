package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/load"
)

// editor applies the planned actions to one decorated file.
type editor struct {
	dec     *decorator.Decorator
	file    *load.File
	actions map[ast.Node]*action
	pkg     string // the name the file uses for the shardedmap package
	// imports are the packages that the spelled-out value types of
	// Update and Compute functions need and the file does not import.
	imports []*types.Package
	err     error
}

// applyFile rewrites one file with the actions of the given plans and
// returns its new content.
func applyFile(prog *load.Program, f *load.File, plans []*classPlan, opts Options) (*Change, error) {
	dec := decorator.NewDecorator(prog.Fset)
	df, err := dec.DecorateFile(f.Syntax)
	if err != nil {
		return nil, fmt.Errorf("decorate: %w", err)
	}
	e := &editor{dec: dec, file: f, actions: make(map[ast.Node]*action)}
	for _, p := range plans {
		for n, a := range p.actions {
			if a.file == f {
				e.actions[n] = a
			}
		}
	}
	path := ImportPath(f, opts)
	e.pkg = importName(f, path)
	dstutil.Apply(df, nil, e.post)
	if e.err != nil {
		return nil, e.err
	}
	if usesName(df, e.pkg) {
		addImport(df, e.pkg, path)
	}
	for _, p := range e.imports {
		addImport(df, p.Name(), p.Path())
	}
	removeUnusedImport(df, f, "maps")

	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, df); err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format rewritten file: %w", err)
	}
	src := f.Src
	if src == nil {
		return nil, fmt.Errorf("no source bytes for %s", f.Name)
	}
	out = keepUntouched(prog.Fset, f.Syntax, src, out, e.actions)
	if bytes.Equal(out, src) {
		return nil, nil
	}
	clean, err := format.Source(src)
	ch := &Change{Path: f.Name, Old: src, New: out, Reformatted: err == nil && !bytes.Equal(clean, src)}
	if f.Module != nil {
		ch.Module, ch.ModulePath = f.Module.Dir, f.Module.Path
	}
	return ch, nil
}

// post rewrites a node after its children: inner operations are already
// method calls when the outer one is built from them.
func (e *editor) post(c *dstutil.Cursor) bool {
	n := c.Node()
	if n == nil {
		return true
	}
	a := e.actions[e.dec.Ast.Nodes[n]]
	if a == nil {
		return true
	}
	switch a.kind {
	case actType:
		mt := n.(*dst.MapType)
		c.Replace(withDecs(e.mapType(mt.Key, mt.Value), n))
	case actMake:
		c.Replace(withDecs(e.makeExpr(n, a), n))
	case actGet, actLoad:
		ix := n.(*dst.IndexExpr)
		name := "Get"
		if a.kind == actLoad {
			name = "Load"
		}
		c.Replace(withDecs(call(method(ix.X, name), ix.Index), n))
	case actSelf:
		c.Replace(withDecs(dst.NewIdent(a.param), n))
	case actStore:
		as := n.(*dst.AssignStmt)
		ix := unparen(as.Lhs[0]).(*dst.IndexExpr)
		c.Replace(stmtWithDecs(call(method(ix.X, "Store"), ix.Index, as.Rhs[0]), n))
	case actUpdate:
		e.update(c, a)
	case actLoadOrStore:
		ifs := n.(*dst.IfStmt)
		ix := unparen(ifs.Init.(*dst.AssignStmt).Rhs[0]).(*dst.IndexExpr)
		val := ifs.Body.List[0].(*dst.AssignStmt).Rhs[0]
		c.Replace(stmtWithDecs(call(method(ix.X, "LoadOrStore"), ix.Index, val), n))
	case actDelete:
		ce := n.(*dst.CallExpr)
		c.Replace(withDecs(call(method(ce.Args[0], "Delete"), ce.Args[1]), n))
	case actClear, actLen:
		ce := n.(*dst.CallExpr)
		name := "Clear"
		if a.kind == actLen {
			name = "Len"
		}
		c.Replace(withDecs(call(method(ce.Args[0], name)), n))
	case actRange:
		rs := n.(*dst.RangeStmt)
		rs.X = call(method(rs.X, a.method))
		if a.dropValue {
			rs.Value = nil
		}
	case actTuple:
		e.tuple(c, a)
	case actComputePre:
		a.stmt = n.(dst.Stmt)
		c.Delete()
	case actCompute:
		e.compute(c, a)
	case actRangeCompute:
		e.rangeCompute(c, a)
	case actGuardLoad:
		ix := n.(*dst.IndexExpr)
		v, ok := e.dec.Dst.Nodes[a.value].(dst.Expr)
		if !ok {
			e.err = fmt.Errorf("the stored value %s is missing from the decorated file", types.ExprString(a.value))
			return false
		}
		v = dst.Clone(v).(dst.Expr)
		v.Decorations().Before, v.Decorations().After = dst.None, dst.None
		c.Replace(withDecs(call(method(ix.X, "LoadOrStore"), ix.Index, v), n))
	case actDropStmt:
		c.Delete()
	case actRecvCase:
		cc := n.(*dst.CommClause)
		as := cc.Comm.(*dst.AssignStmt)
		lhs, assign := e.viaTemps(as.Lhs, a.temps)
		as.Lhs, as.Tok = lhs, token.DEFINE
		cc.Body = append(assign, cc.Body...)
	case actRangeAssign:
		rs := n.(*dst.RangeStmt)
		lhs := []dst.Expr{rs.Key}
		if rs.Value != nil {
			lhs = append(lhs, rs.Value)
		}
		lhs, assign := e.viaTemps(lhs, a.temps)
		rs.Key, rs.Tok = lhs[0], token.DEFINE
		if rs.Value != nil {
			rs.Value = lhs[1]
		}
		rs.Body.List = append(assign, rs.Body.List...)
	case actMapsFunc:
		ce := n.(*dst.CallExpr)
		if a.method == "Copy" {
			sel := ce.Fun.(*dst.SelectorExpr)
			sel.Sel = dst.NewIdent("Insert")
			ce.Args[1] = call(method(ce.Args[1], "All"))
			return true
		}
		c.Replace(withDecs(call(method(ce.Args[0], a.method)), n))
	}
	return true
}

// update replaces m[k] op= x, m[k]++ or m[k] = f(m[k]) with an Update call,
// declaring temporaries first where the plan asks for them.
func (e *editor) update(c *dstutil.Cursor, a *action) {
	n := c.Node()
	var ix *dst.IndexExpr
	var body dst.Expr
	switch s := n.(type) {
	case *dst.IncDecStmt:
		ix = unparen(s.X).(*dst.IndexExpr)
		body = &dst.BinaryExpr{X: dst.NewIdent(a.param), Op: a.op, Y: &dst.BasicLit{Kind: token.INT, Value: "1"}}
	case *dst.AssignStmt:
		ix = unparen(s.Lhs[0]).(*dst.IndexExpr)
		operand := s.Rhs[0]
		if a.op == token.ILLEGAL {
			body = operand
			break
		}
		key := ix.Index
		if a.keyTemp != "" {
			c.InsertBefore(define(a.keyTemp, key))
			ix.Index = dst.NewIdent(a.keyTemp)
		}
		if a.valueTemp != "" {
			c.InsertBefore(define(a.valueTemp, operand))
			operand = dst.NewIdent(a.valueTemp)
		}
		if be, ok := operand.(*dst.BinaryExpr); ok {
			operand = &dst.ParenExpr{X: be}
		}
		body = &dst.BinaryExpr{X: dst.NewIdent(a.param), Op: a.op, Y: operand}
	}
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	fn := &dst.FuncLit{
		Type: &dst.FuncType{
			Func:    true,
			Params:  &dst.FieldList{List: []*dst.Field{{Names: []*dst.Ident{dst.NewIdent(a.param)}, Type: vt}}},
			Results: &dst.FieldList{List: []*dst.Field{{Type: dst.Clone(vt).(dst.Expr)}}},
		},
		Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{body}}}},
	}
	c.Replace(stmtWithDecs(call(method(ix.X, "Update"), ix.Index, fn), n))
}

// viaTemps replaces each target that has a temporary by it, and returns the
// statements that then assign the real targets, in order: a Store for an
// element of a rewritten map, a plain assignment for anything else.
func (e *editor) viaTemps(lhs []dst.Expr, temps []string) ([]dst.Expr, []dst.Stmt) {
	out := make([]dst.Expr, len(lhs))
	var assign []dst.Stmt
	for i, l := range lhs {
		if temps[i] == "" {
			out[i] = l
			continue
		}
		out[i] = dst.NewIdent(temps[i])
		if ix, ok := unparen(l).(*dst.IndexExpr); ok && e.isElem(ix) {
			assign = append(assign, &dst.ExprStmt{X: call(method(ix.X, "Store"), ix.Index, dst.NewIdent(temps[i]))})
			continue
		}
		assign = append(assign, &dst.AssignStmt{Lhs: []dst.Expr{l}, Tok: token.ASSIGN, Rhs: []dst.Expr{dst.NewIdent(temps[i])}})
	}
	return out, assign
}

// isElem reports whether ix is an element of a rewritten map that an
// assignment's plan set aside for a Store.
func (e *editor) isElem(ix *dst.IndexExpr) bool {
	a := e.actions[e.dec.Ast.Nodes[ix]]
	return a != nil && a.kind == actSkip
}

// tuple rewrites an assignment of several values whose targets include
// elements of rewritten maps: their keys go into temporaries where the
// plan says so, their values into new variables, and the Stores follow
// the assignment in the order of the targets.
func (e *editor) tuple(c *dstutil.Cursor, a *action) {
	as := c.Node().(*dst.AssignStmt)
	vt, err := e.valueType(a)
	if err != nil {
		e.err = err
		return
	}
	var before, stores []dst.Stmt
	var vals []*dst.Ident
	for i, l := range as.Lhs {
		if a.temps[i] == "" {
			continue
		}
		ix := unparen(l).(*dst.IndexExpr)
		if a.keyTemps[i] != "" {
			before = append(before, define(a.keyTemps[i], ix.Index))
			ix.Index = dst.NewIdent(a.keyTemps[i])
		}
		vals = append(vals, dst.NewIdent(a.temps[i]))
		as.Lhs[i] = dst.NewIdent(a.temps[i])
		stores = append(stores, &dst.ExprStmt{X: call(method(ix.X, "Store"), ix.Index, dst.NewIdent(a.temps[i]))})
	}
	before = append(before, &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: []dst.Spec{&dst.ValueSpec{Names: vals, Type: vt}}}})
	// The comments above the assignment and the blank lines around it
	// now belong to the group of statements that replaces it.
	first, last := before[0].Decorations(), stores[len(stores)-1].Decorations()
	first.Before, first.Start = as.Decs.Before, as.Decs.Start
	last.After = as.Decs.After
	as.Decs.Before, as.Decs.Start, as.Decs.After = dst.NewLine, nil, dst.NewLine
	for _, st := range before {
		c.InsertBefore(st)
	}
	// InsertAfter puts each statement right after the assignment, so the
	// last Store goes in first.
	for i := len(stores) - 1; i >= 0; i-- {
		c.InsertAfter(stores[i])
	}
}

// valueType returns the map's value type as the file can spell it, noting
// the imports the file must add for it.
func (e *editor) valueType(a *action) (dst.Expr, error) {
	s, add, err := typeString(e.file, a.class.class.Type.Elem())
	if err != nil {
		return nil, err
	}
	for _, p := range add {
		if !slices.Contains(e.imports, p) {
			e.imports = append(e.imports, p)
		}
	}
	return parseType(s)
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
		return call(&dst.IndexListExpr{X: e.qual("New"), Indices: []dst.Expr{mt.Key, mt.Value}})
	case *dst.CompositeLit:
		if n.Type == nil && a.litType != nil {
			if orig, ok := e.dec.Dst.Nodes[a.litType].(*dst.MapType); ok {
				t := dst.Clone(orig).(*dst.MapType)
				t.Decs = dst.MapTypeDecorations{}
				n.Type = t
			}
		}
		mt, ok := n.Type.(*dst.MapType)
		if ok && len(n.Elts) == 0 && len(n.Decs.Lbrace) == 0 {
			return call(&dst.IndexListExpr{X: e.qual("New"), Indices: []dst.Expr{mt.Key, mt.Value}})
		}
		decs := n.Decs.NodeDecs
		n.Decs.NodeDecs = dst.NodeDecs{}
		out := call(e.qual("Of"), n)
		out.Decs.NodeDecs = decs
		return out
	}
	return n.(dst.Expr)
}

func (e *editor) qual(name string) dst.Expr {
	return &dst.SelectorExpr{X: dst.NewIdent(e.pkg), Sel: dst.NewIdent(name)}
}

// call builds fun(args). A comment that trailed the receiver of a method
// call (delete(m /* c */, k)) moves behind the call, not into "m. /* c */ Delete".
func call(fun dst.Expr, args ...dst.Expr) *dst.CallExpr {
	c := &dst.CallExpr{Fun: fun, Args: args}
	if sel, ok := fun.(*dst.SelectorExpr); ok {
		d := sel.X.Decorations()
		c.Decs.End, d.End = append(c.Decs.End, d.End...), nil
	}
	return c
}

func method(x dst.Expr, name string) dst.Expr {
	return &dst.SelectorExpr{X: x, Sel: dst.NewIdent(name)}
}

func define(name string, x dst.Expr) dst.Stmt {
	return &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(name)}, Tok: token.DEFINE, Rhs: []dst.Expr{x}}
}

func unparen(x dst.Expr) dst.Expr {
	for {
		p, ok := x.(*dst.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

// withDecs gives the new expression the decorations of the node it
// replaces, so comments around it stay.
func withDecs(x dst.Expr, old dst.Node) dst.Expr {
	if x == old {
		return x
	}
	lost := lostComments(old, x)
	own := x.Decorations().End
	*x.Decorations() = *old.Decorations()
	// A comment that sat between the tokens of the old expression (after
	// "[" or "(") follows the new one, rather than vanish.
	x.Decorations().End = append(append(own, x.Decorations().End...), lost...)
	return x
}

// stmtWithDecs wraps a call in a statement that keeps the replaced
// statement's decorations, and every comment inside it that the new
// statement would otherwise lose.
func stmtWithDecs(x dst.Expr, old dst.Node) dst.Stmt {
	s := &dst.ExprStmt{X: x}
	s.Decs.NodeDecs = *old.Decorations()
	s.Decs.Start = append(s.Decs.Start, lostComments(old, x)...)
	return s
}

// lostComments returns the comments attached inside old that are not
// attached anywhere in kept, which moves into the new tree.
func lostComments(old dst.Node, kept dst.Node) []string {
	keep := make(map[dst.Node]bool)
	dst.Inspect(kept, func(n dst.Node) bool {
		if n != nil {
			keep[n] = true
		}
		return true
	})
	var out []string
	dst.Inspect(old, func(n dst.Node) bool {
		if n == nil || keep[n] {
			return n == nil || !keep[n]
		}
		_, _, points := dstutil.Decorations(n)
		for _, p := range points {
			if n == old && (p.Name == "Start" || p.Name == "End") {
				continue // carried by the new statement's own decorations
			}
			for _, d := range p.Decs {
				if len(d) > 0 && d[0] == '/' {
					out = append(out, d)
				}
			}
		}
		return true
	})
	return out
}

// typeString spells t as the file can refer to it. A package the file does
// not import is spelled by its own name when the file can import it under
// that name (nothing in the file or its package has the name, and an
// internal package is within reach), and returned in add for the caller to
// import; otherwise typeString fails.
func typeString(f *load.File, t types.Type) (s string, add []*types.Package, err error) {
	names := make(map[*types.Package]string)
	for _, spec := range f.Syntax.Imports {
		if pn := f.Package.TypesInfo.PkgNameOf(spec); pn != nil {
			names[pn.Imported()] = pn.Name()
		}
	}
	var missing string
	s = types.TypeString(t, func(p *types.Package) string {
		if p == f.Package.Types {
			return ""
		}
		if n, ok := names[p]; ok && n != "_" && n != "." {
			return n
		}
		if canImportAs(f, p) {
			if !slices.Contains(add, p) {
				add = append(add, p)
			}
			return p.Name()
		}
		missing = p.Path()
		return p.Name()
	})
	if missing != "" {
		return "", nil, fmt.Errorf("the type %s needs package %s, which %s does not import, and mapfix cannot add that import under its name", s, missing, filepath.Base(f.Name))
	}
	return s, add, nil
}

// canImportAs reports whether the file can import p under p's own name:
// no name of the file or of its package scope is that name, no import
// already uses it, and p is not an internal package out of reach.
func canImportAs(f *load.File, p *types.Package) bool {
	name := p.Name()
	if name == "main" || name == "_" || f.Package.Types.Scope().Lookup(name) != nil {
		return false
	}
	for _, spec := range f.Syntax.Imports {
		if pn := f.Package.TypesInfo.PkgNameOf(spec); pn != nil && pn.Name() == name {
			return false
		}
	}
	taken := false
	ast.Inspect(f.Syntax, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && f.Package.TypesInfo.Defs[id] != nil {
			taken = true
		}
		return !taken
	})
	return !taken && internalVisible(f.Package.PkgPath, p.Path())
}

// internalVisible reports whether the package from may import path under
// the rule for internal folders.
func internalVisible(from, path string) bool {
	i := strings.LastIndex(path, "/internal/")
	switch {
	case i >= 0:
	case strings.HasSuffix(path, "/internal"):
		i = len(path) - len("/internal")
	case path == "internal" || strings.HasPrefix(path, "internal/"):
		return false // the standard library's own
	default:
		return true
	}
	parent := path[:i]
	return from == parent || strings.HasPrefix(from, parent+"/")
}

// parseType turns a type's spelling into a dst expression.
func parseType(s string) (dst.Expr, error) {
	fset := token.NewFileSet()
	x, err := parser.ParseExprFrom(fset, "", s, 0)
	if err != nil {
		return nil, fmt.Errorf("parse type %q: %w", s, err)
	}
	n, err := decorator.NewDecorator(fset).DecorateNode(x)
	if err != nil {
		return nil, err
	}
	return n.(dst.Expr), nil
}

// importName picks the name the file uses for the shardedmap package: the
// name of an existing import of it, or "shardedmap" unless that name is
// taken in the file or package, then a free variant.
func importName(f *load.File, path string) string {
	taken := make(map[string]bool)
	for _, spec := range f.Syntax.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		pn := f.Package.TypesInfo.PkgNameOf(spec)
		if p == path && pn != nil && pn.Name() != "_" && pn.Name() != "." {
			return pn.Name()
		}
		if pn != nil {
			taken[pn.Name()] = true
		}
	}
	// A name declared anywhere in the file (a local, a parameter, a
	// label) may shadow the import where a rewritten use sits.
	ast.Inspect(f.Syntax, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && f.Package.TypesInfo.Defs[id] != nil {
			taken[id.Name] = true
		}
		return true
	})
	free := func(name string) bool { return !taken[name] && f.Package.Types.Scope().Lookup(name) == nil }
	for _, name := range []string{"shardedmap", "smap"} {
		if free(name) {
			return name
		}
	}
	for i := 2; ; i++ {
		if name := "shardedmap" + strconv.Itoa(i); free(name) {
			return name
		}
	}
}

// addImport adds path under name, unless the file imports it already.
func addImport(f *dst.File, name, path string) {
	quoted := strconv.Quote(path)
	var decl *dst.GenDecl
	for _, d := range f.Decls {
		g, ok := d.(*dst.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			break
		}
		for _, s := range g.Specs {
			if s.(*dst.ImportSpec).Path.Value == quoted {
				return
			}
		}
		decl = g
	}
	spec := &dst.ImportSpec{Path: &dst.BasicLit{Kind: token.STRING, Value: quoted}}
	if name != lastElem(path) {
		spec.Name = dst.NewIdent(name)
	}
	if decl == nil {
		decl = &dst.GenDecl{Tok: token.IMPORT, Specs: []dst.Spec{spec}}
		decl.Decs.Before = dst.EmptyLine
		f.Decls = append([]dst.Decl{decl}, f.Decls...)
		return
	}
	if !decl.Lparen {
		decl.Lparen = true
	}
	if isStd(path) {
		// A standard library package joins the first group, before
		// the first import that is not one.
		i := 0
		for i < len(decl.Specs) && isStd(importPath(decl.Specs[i])) {
			i++
		}
		if i > 0 {
			// The blank line that ended the group now follows the
			// new import.
			prev := decl.Specs[i-1].Decorations()
			spec.Decs.After, prev.After = prev.After, dst.NewLine
		}
		if i < len(decl.Specs) {
			decl.Specs[i].Decorations().Before = dst.EmptyLine
		}
		decl.Specs = slices.Insert(decl.Specs, i, dst.Spec(spec))
		return
	}
	// A module's own packages go in a group after the standard library.
	if allStd(decl) {
		spec.Decs.Before = dst.EmptyLine
	}
	decl.Specs = append(decl.Specs, spec)
}

func importPath(s dst.Spec) string {
	p, _ := strconv.Unquote(s.(*dst.ImportSpec).Path.Value)
	return p
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func allStd(g *dst.GenDecl) bool {
	for _, s := range g.Specs {
		p, _ := strconv.Unquote(s.(*dst.ImportSpec).Path.Value)
		first, _, _ := strings.Cut(p, "/")
		if strings.Contains(first, ".") {
			return false
		}
	}
	return true
}

func lastElem(importPath string) string { return path.Base(importPath) }

// removeUnusedImport drops an import of path that the rewrite left unused
// (maps.Keys(m) became m.Keys()).
func removeUnusedImport(f *dst.File, lf *load.File, path string) {
	quoted := strconv.Quote(path)
	for _, d := range f.Decls {
		g, ok := d.(*dst.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for i, s := range g.Specs {
			spec := s.(*dst.ImportSpec)
			if spec.Path.Value != quoted {
				continue
			}
			name := lastElem(path)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "_" || name == "." || usesName(f, name) {
				return
			}
			g.Specs = append(g.Specs[:i], g.Specs[i+1:]...)
			if len(g.Specs) == 0 {
				f.Decls = removeDecl(f.Decls, g)
			}
			return
		}
	}
}

func usesName(f *dst.File, name string) bool {
	used := false
	dst.Inspect(f, func(n dst.Node) bool {
		if sel, ok := n.(*dst.SelectorExpr); ok {
			if id, ok := sel.X.(*dst.Ident); ok && id.Name == name {
				used = true
			}
		}
		return !used
	})
	return used
}

func removeDecl(decls []dst.Decl, d dst.Decl) []dst.Decl {
	for i, x := range decls {
		if x == d {
			return append(decls[:i], decls[i+1:]...)
		}
	}
	return decls
}
