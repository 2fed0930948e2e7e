package rewrite

import (
	"go/types"
	"strings"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// noteExportedAPI notes a class that reaches the exported API of an
// importable package: its type becomes *Map of the module's internal
// package, which code outside the module cannot name. The module still
// builds; its importers may not. A -pkg package is the user's choice of an
// importable one, so nothing is noted then.
func noteExportedAPI(p *classPlan, opts Options) {
	if opts.PkgPath != "" {
		return
	}
	for _, s := range p.class.Slots {
		pkg := s.Obj.Pkg()
		if pkg == nil || pkg.Name() == "main" || isInternal(pkg.Path()) {
			continue
		}
		var what string
		switch s.Kind {
		case mapclass.Var, mapclass.Field:
			if s.Obj.Exported() && (s.Kind == mapclass.Field || s.Obj.Parent() == pkg.Scope()) {
				what = s.Obj.Name()
			}
		case mapclass.Param, mapclass.Result:
			if s.Func != nil && s.Func.Exported() && exportedRecv(s.Func) {
				what = "the signature of " + s.Func.Name()
			}
		}
		if what != "" {
			p.note(s.Pos(), "%s is part of the exported API of %s: code outside this module cannot name the internal shardedmap package, so importers that use it as a map will break (pass -pkg with an importable package, or leave it out with -only)", what, pkg.Path())
			return
		}
	}
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
