package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
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

// editFile rewrites one file with the actions of the given plans and
// returns its new content.
func editFile(prog *load.Program, f *load.File, plans []*classPlan, opts Options) (*Change, error) {
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
	out, err := printEdited(df, f, e.pkg, path, e.imports, "maps")
	if err != nil {
		return nil, err
	}
	src := f.Src
	if src == nil {
		return nil, fmt.Errorf("no source bytes for %s", f.Name)
	}
	return changeOf(prog.Fset, f, src, out, e.actions), nil
}

// post rewrites a node after its children: inner operations are already
// method calls when the outer one is built from them. The first edit that
// fails stops the walk.
func (e *editor) post(c *dstutil.Cursor) bool {
	n := c.Node()
	if n == nil {
		return true
	}
	a := e.actions[e.dec.Ast.Nodes[n]]
	if a == nil || a.kind.edit == nil {
		return true
	}
	a.kind.edit(e, c, a)
	return e.err == nil
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

// printEdited finishes an edited file: it imports the generated package
// (as pkg, from path) where the file now names it and the packages the
// spelled-out types need, drops the import of unused when nothing uses
// it any more, and prints the file gofmt-formatted.
func printEdited(df *dst.File, f *load.File, pkg, path string, imports []*types.Package, unused string) ([]byte, error) {
	if usesName(df, pkg) {
		addImport(df, pkg, path)
	}
	for _, p := range imports {
		addImport(df, p.Name(), p.Path())
	}
	removeUnusedImport(df, f, unused)
	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, df); err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format edited file: %w", err)
	}
	return out, nil
}

// changeOf is the change of f from src to out once the parts of out that
// no edit touched are put back as they were written; nil when nothing is
// left to change.
func changeOf(fset *token.FileSet, f *load.File, src, out []byte, touched map[ast.Node]*action) *Change {
	out = keepUntouched(fset, f.Syntax, src, out, touched)
	if bytes.Equal(out, src) {
		return nil
	}
	clean, err := format.Source(src)
	ch := &Change{Path: f.Name, Old: src, New: out, Reformatted: err == nil && !bytes.Equal(clean, src)}
	if f.Module != nil {
		ch.Module, ch.ModulePath = f.Module.Dir, f.Module.Path
	}
	return ch
}
