package load

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// Config says what to load.
type Config struct {
	Dir      string            // working directory (-C); "" is the current one
	Tags     []string          // build tags (-tags)
	Tests    bool              // load test files with their packages (-test)
	Patterns []string          // package patterns; none means "."
	Overlay  map[string][]byte // file contents that replace what is on disk
	Env      []string          // environment; nil means os.Environ()
}

// Program is the result of a load: the matched packages, each file once.
type Program struct {
	Fset *token.FileSet
	// Packages are the matched packages with syntax and types. When tests
	// are loaded, a package's test variant stands in for the package, so
	// that every file appears in exactly one Package.
	Packages []*packages.Package
	// Dir is the absolute working directory positions are reported against.
	Dir string

	files map[string]*File // by absolute filename
}

// File is one parsed Go file of a loaded package.
type File struct {
	Name     string // absolute path
	Syntax   *ast.File
	Package  *packages.Package
	Module   *packages.Module // nil outside any module
	Writable bool             // mapfix may change it
	Src      []byte           // the bytes it was parsed from
}

// Error is a load failure that names what is wrong and where.
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

// maxErrors is how many package errors are printed before the rest are counted.
const maxErrors = 10

// Load runs go/packages with cfg and checks the result: a pattern that
// matches nothing, a directory outside any module and packages with errors
// are all errors.
func Load(cfg Config) (*Program, error) {
	dir, err := filepath.Abs(cmpOr(cfg.Dir, "."))
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, &Error{Msg: fmt.Sprintf("-C %s: not a directory", cfg.Dir)}
	}
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	if err := checkModule(dir, env); err != nil {
		return nil, err
	}
	patterns := cfg.Patterns
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	var flags []string
	if len(cfg.Tags) > 0 {
		flags = append(flags, "-tags="+strings.Join(cfg.Tags, ","))
	}
	var (
		mu   sync.Mutex
		srcs = make(map[string][]byte)
	)
	fset := token.NewFileSet()
	pcfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
			packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule | packages.NeedForTest,
		Dir:        dir,
		Env:        env,
		BuildFlags: flags,
		Tests:      cfg.Tests,
		Fset:       fset,
		Overlay:    cfg.Overlay,
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			mu.Lock()
			srcs[filename] = src
			mu.Unlock()
			// Comments are kept: the rewriter needs them.
			return parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
		},
	}
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
	}
	if len(pkgs) == 0 {
		return nil, &Error{Msg: fmt.Sprintf("no packages matched %s (in %s)", strings.Join(patterns, " "), dir)}
	}
	if err := packageErrors(pkgs, dir); err != nil {
		return nil, err
	}
	prog := &Program{Fset: fset, Dir: dir, files: make(map[string]*File)}
	prog.Packages = chooseVariants(pkgs)
	for _, p := range prog.Packages {
		for i, f := range p.Syntax {
			name := p.CompiledGoFiles[i]
			prog.files[name] = &File{
				Name:     name,
				Syntax:   f,
				Package:  p,
				Module:   p.Module,
				Writable: writable(name, f, p.Module),
				Src:      srcs[name],
			}
		}
	}
	return prog, nil
}

// Files returns the loaded files in a stable order.
func (p *Program) Files() []*File {
	out := make([]*File, 0, len(p.files))
	for _, f := range p.files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// File returns the loaded file with the given absolute name, or nil.
func (p *Program) File(name string) *File { return p.files[name] }

// FileOf returns the loaded file holding pos, or nil.
func (p *Program) FileOf(pos token.Pos) *File {
	if !pos.IsValid() {
		return nil
	}
	return p.files[p.Fset.File(pos).Name()]
}

// Rel returns pos as "file:line:col" with file relative to the working
// directory, as go vet prints positions.
func (p *Program) Rel(pos token.Pos) string {
	position := p.Fset.Position(pos)
	if !position.IsValid() {
		return "-"
	}
	name := position.Filename
	if r, err := filepath.Rel(p.Dir, name); err == nil && !strings.HasPrefix(r, "..") {
		name = r
	}
	return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(name), position.Line, position.Column)
}

// chooseVariants keeps one package per set of files: the test variant of a
// package ("p [p.test]") replaces p, the external test package is kept, and
// the generated test mains ("p.test") are dropped.
func chooseVariants(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	seen := make(map[string]bool)
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main" && p.ForTest == "":
			continue // synthesized test main
		case p.ForTest == "" && hasTestVariant[p.PkgPath]:
			continue // its test variant holds the same files and more
		}
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// writable reports whether mapfix may change the file: it belongs to a main
// module, lies inside that module's directory, not under vendor/ or
// testdata/, and is not generated.
func writable(name string, f *ast.File, mod *packages.Module) bool {
	if mod == nil || !mod.Main || mod.Dir == "" {
		return false
	}
	rel, err := filepath.Rel(mod.Dir, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	for _, elem := range strings.Split(filepath.ToSlash(rel), "/") {
		if elem == "vendor" || elem == "testdata" {
			return false
		}
	}
	return !ast.IsGenerated(f)
}

// checkModule fails unless dir is inside a module, in module mode.
func checkModule(dir string, env []string) error {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	switch gomod := strings.TrimSpace(string(out)); gomod {
	case "":
		return &Error{Msg: fmt.Sprintf("%s is not inside a Go module (GOPATH mode or GO111MODULE=off); mapfix needs a go.mod: run go mod init", dir)}
	case os.DevNull:
		return &Error{Msg: fmt.Sprintf("%s is not inside a Go module: no go.mod here or in any parent; run go mod init", dir)}
	}
	return nil
}

// packageErrors collects the errors of the loaded packages: the first
// maxErrors with their positions, then a count of the rest.
func packageErrors(pkgs []*packages.Package, dir string) error {
	// The go command reports compile errors of packages it builds for
	// export data as list errors that repeat the type errors; show those
	// only when nothing better explains the failure.
	var typed, listed []packages.Error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError {
				listed = append(listed, e)
			} else {
				typed = append(typed, e)
			}
		}
	})
	errs := typed
	if len(errs) == 0 {
		errs = listed
	}
	var msgs []string
	seen := make(map[string]bool)
	for _, e := range errs {
		msg := e.Msg
		if e.Pos != "" && e.Pos != "-" {
			pos := e.Pos
			if r, err := filepath.Rel(dir, pos); err == nil && !strings.HasPrefix(r, "..") {
				pos = r
			}
			msg = filepath.ToSlash(pos) + ": " + msg
		}
		if !seen[msg] {
			seen[msg] = true
			msgs = append(msgs, msg)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	var b strings.Builder
	for i, m := range msgs {
		if i == maxErrors {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(msgs)-maxErrors)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m)
	}
	return &Error{Msg: b.String()}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
