package rewrite

import (
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// checkExportedAPI refuses a class that reaches the exported API of an
// importable package (not main, not under internal/, not a test file):
// its type would become *Map of a package that the package's importers in
// other modules may not be able to import or name, and their code would no
// longer compile. With -api and a -pkg package that is not internal, the
// user has chosen a type importers can name, and the change is only noted.
func checkExportedAPI(p *classPlan, opts Options) {
	for _, s := range p.class.Slots {
		what := exportedSlot(s)
		if what == "" {
			continue
		}
		path := s.Obj.Pkg().Path()
		switch {
		case opts.API && opts.PkgPath != "" && !isInternal(opts.PkgPath):
			p.note(s.Pos(), "%s is part of the exported API of %s: its importers must now use *Map of %s", what, path, opts.PkgPath)
		case opts.API:
			p.refuse(s.Pos(), "%s is part of the exported API of %s; -api changes it only with -pkg naming a package its importers can import (not internal), since they must name the new type", what, path)
		default:
			p.refuse(s.Pos(), "%s is part of the exported API of %s, which other modules can import: changing its type would break their code; leave it out (or -only the other maps), or pass -api with -pkg naming a package they can import", what, path)
		}
		return
	}
}

// exportedSlot names a slot that is part of an importable package's
// exported API ("Data", "the signature of Load"), or returns "".
func exportedSlot(s *mapclass.Slot) string {
	pkg := s.Obj.Pkg()
	if pkg == nil || pkg.Name() == "main" || isInternal(pkg.Path()) {
		return ""
	}
	if s.File != nil && strings.HasSuffix(s.File.Name, "_test.go") {
		return "" // no other package can import what a test file declares
	}
	switch s.Kind {
	case mapclass.Var, mapclass.Field:
		if s.Obj.Exported() && (s.Kind == mapclass.Field || s.Obj.Parent() == pkg.Scope()) {
			return s.Obj.Name()
		}
	case mapclass.Param, mapclass.Result:
		if s.Func != nil && s.Func.Exported() && exportedRecv(s.Func) {
			return "the signature of " + s.Func.Name()
		}
	}
	return ""
}

// exportedRecv reports whether fn is a function, or a method of an
// exported type.
func exportedRecv(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Exported()
}

// isInternal reports whether an import path is under an internal folder,
// so that only its own module can import it.
func isInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") ||
		strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}
