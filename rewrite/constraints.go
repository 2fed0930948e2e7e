package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Files that the build excludes (another GOOS or GOARCH, a build tag, test
// files when -test=false) were never type-checked, so a rewrite cannot
// follow the references they make. They are read here as plain syntax: a
// class whose declarations are named in one of them is refused, since the
// rewrite would break that build.

// excludedFile is a parsed Go file of a loaded package's directory that
// the build did not load.
type excludedFile struct {
	name   string
	pkg    string // the package clause
	syntax *ast.File
	dir    string
}

// excludedFiles parses every .go file in the directories of prog's
// writable files that the load did not include.
func excludedFiles(prog *load.Program) []*excludedFile {
	dirs := make(map[string]bool)
	for _, f := range prog.Files() {
		if f.Writable {
			dirs[filepath.Dir(f.Name)] = true
		}
	}
	var sorted []string
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	var out []*excludedFile
	for _, dir := range sorted {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // the directory was readable at load time; nothing to add
		}
		for _, e := range entries {
			name := filepath.Join(dir, e.Name())
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || prog.File(name) != nil {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				continue
			}
			// Parsing into prog.Fset gives refusals real positions. A file
			// that does not parse cannot be built by any configuration
			// either, so a rewrite cannot break it further.
			syn, err := parser.ParseFile(prog.Fset, name, src, parser.SkipObjectResolution)
			if err != nil || syn.Name == nil {
				continue
			}
			out = append(out, &excludedFile{name: name, pkg: syn.Name.Name, syntax: syn, dir: dir})
		}
	}
	return out
}

// refuseExcludedRefs refuses p when a file excluded from the build names a
// declaration whose type the rewrite changes: a package variable, a field,
// or a function whose parameters or results change. Names are matched as
// written, so a same-named identifier in such a file also refuses: a false
// refusal costs a manual look, a false rewrite a broken build.
func refuseExcludedRefs(p *classPlan, files []*excludedFile) {
	type decl struct {
		name     string
		dir      string
		pkg      string
		exported bool
		what     string
	}
	var decls []decl
	seen := make(map[string]bool)
	for _, s := range p.class.Slots {
		var name, what string
		switch s.Kind {
		case mapclass.Var:
			name, what = s.Obj.Name(), "the variable"
		case mapclass.Field:
			name, what = s.Obj.Name(), "the field"
		case mapclass.Param, mapclass.Result:
			if s.Func == nil {
				continue // a function literal's signature is not named elsewhere
			}
			name, what = s.Func.Name(), "the function"
		default:
			continue
		}
		if s.File == nil {
			continue
		}
		d := decl{name, filepath.Dir(s.File.Name), s.Obj.Pkg().Name(), token.IsExported(name), what}
		if key := d.what + " " + d.dir + " " + d.name; !seen[key] {
			seen[key] = true
			decls = append(decls, d)
		}
	}
	for _, f := range files {
		for _, d := range decls {
			samePkg := f.dir == d.dir && strings.TrimSuffix(f.pkg, "_test") == d.pkg
			if !d.exported && !samePkg {
				continue
			}
			var at token.Pos
			for _, decl := range f.syntax.Decls { // not the package clause
				ast.Inspect(decl, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && id.Name == d.name && !at.IsValid() {
						at = id.Pos()
					}
					return !at.IsValid()
				})
			}
			if !at.IsValid() {
				continue
			}
			why := "a file this build excludes (build constraints, or -test=false)"
			if strings.HasSuffix(f.name, "_test.go") {
				// Test files are also left out when the tests of their
				// package do not type-check.
				why = "a test file the load left out (-test=false, build constraints, or its package's tests do not type-check)"
			}
			p.refuse(at, "%s %s is named in %s, %s, so that use cannot be type-checked or rewritten", d.what, d.name, filepath.Base(f.name), why)
		}
	}
}
