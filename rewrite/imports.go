package rewrite

import (
	"go/ast"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/mapfix/mapfix/internal/load"
)

// The imports of a rewritten file: the shardedmap package under a name
// free in the file, the packages a spelled-out value type needs, and the
// maps import dropped when the rewrite leaves it unused.

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
