package load

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"

	"golang.org/x/tools/go/packages"
)

// FromPackage returns a Program holding one package that another driver
// has already parsed and type-checked: a go/analysis pass, whose
// pass.Fset, pass.Files, pass.Pkg and pass.TypesInfo are the arguments.
// mod describes the package's module and may be nil.
//
// The Program serves the analysis stages (mapclass, detect), not the
// rewriter: File.Src is nil, since the driver owns the file contents, and
// a file is writable unless it is generated, since the go command, not
// mapfix, decided which files belong to the package. Dir is the current
// directory, which is where go vet runs its tool: the package directory.
func FromPackage(fset *token.FileSet, pkg *types.Package, files []*ast.File, info *types.Info, mod *packages.Module) *Program {
	p := &packages.Package{
		ID:        pkg.Path(),
		Name:      pkg.Name(),
		PkgPath:   pkg.Path(),
		Types:     pkg,
		TypesInfo: info,
		Fset:      fset,
		Module:    mod,
	}
	prog := &Program{Fset: fset, Packages: []*packages.Package{p}, files: make(map[string]*File, len(files))}
	if wd, err := os.Getwd(); err == nil {
		prog.Dir = wd
	}
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if tf == nil {
			tf = fset.File(f.Pos())
		}
		if tf == nil {
			continue // not from fset: nothing can be positioned in it
		}
		name := tf.Name()
		p.Syntax = append(p.Syntax, f)
		p.CompiledGoFiles = append(p.CompiledGoFiles, name)
		p.GoFiles = append(p.GoFiles, name)
		prog.files[name] = &File{
			Name:     name,
			Syntax:   f,
			Package:  p,
			Module:   mod,
			Writable: !ast.IsGenerated(f),
		}
	}
	return prog
}
