package rewrite

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
)

// keepUntouched puts back the original text of every top-level declaration
// that no action touched. Printing through dst can move a comment inside an
// expression by a token; a declaration mapfix did not rewrite must come out
// byte for byte as it went in.
func keepUntouched(fset *token.FileSet, orig *ast.File, src, out []byte, actions map[ast.Node]*action) []byte {
	nf, err := parser.ParseFile(token.NewFileSet(), "", out, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return out
	}
	od, nd := nonImportDecls(orig.Decls), nonImportDecls(nf.Decls)
	if len(od) != len(nd) {
		return out
	}
	touched := make([]bool, len(od))
	for n := range actions {
		i := sort.Search(len(od), func(i int) bool { return od[i].End() >= n.Pos() })
		if i < len(od) && declStart(od[i]) <= n.Pos() {
			touched[i] = true
		}
	}
	base := fset.File(orig.Pos()).Base()
	nbase := 1 // the new file is the first in its own FileSet
	res := append([]byte(nil), out...)
	for i := len(od) - 1; i >= 0; i-- {
		if touched[i] {
			continue
		}
		os, oe := int(declStart(od[i]))-base, int(od[i].End())-base
		ns, ne := int(declStart(nd[i]))-nbase, int(nd[i].End())-nbase
		if os < 0 || oe > len(src) || ns < 0 || ne > len(res) {
			return out
		}
		res = append(res[:ns:ns], append(append([]byte(nil), src[os:oe]...), res[ne:]...)...)
	}
	// The original text may not have been gofmt-clean; the whole file is.
	if formatted, err := format.Source(res); err == nil {
		return formatted
	}
	return out
}

func nonImportDecls(decls []ast.Decl) []ast.Decl {
	var out []ast.Decl
	for _, d := range decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		out = append(out, d)
	}
	return out
}

// declStart is where a declaration's text begins: its doc comment, if any.
func declStart(d ast.Decl) token.Pos {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	}
	return d.Pos()
}
