package load

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
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
	// KeepGoing makes Load return, beside the error for packages that do
	// not load or type-check, a Program of the packages that do (check
	// reports on them). Without it any error means no Program.
	KeepGoing bool
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

	files map[string]*File      // by absolute filename
	byTok map[*token.File]*File // by the token.File it was parsed into
}

// File is one parsed Go file of a loaded package.
type File struct {
	Name     string // absolute path
	Syntax   *ast.File
	Package  *packages.Package
	Module   *packages.Module // nil outside any module
	Writable bool             // mapfix may change it
	Src      []byte           // the bytes it was parsed from
	// Cgo reports that Syntax is cmd/cgo's rewrite of the file Name (a
	// file that imports "C"), parsed from the build cache: never writable.
	Cgo bool
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
	workspace, err := checkModule(dir, env)
	if err != nil {
		return nil, err
	}
	patterns := cfg.Patterns
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if workspace != nil {
		patterns = expandWorkspace(dir, patterns, workspace)
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
	loadErr := packageErrors(pkgs, dir)
	if loadErr != nil {
		if !cfg.KeepGoing {
			return nil, loadErr
		}
		if pkgs = withoutErrors(pkgs); len(pkgs) == 0 {
			return nil, loadErr
		}
	}
	prog := &Program{Fset: fset, Dir: dir, files: make(map[string]*File), byTok: make(map[*token.File]*File)}
	prog.Packages = chooseVariants(pkgs)
	for _, p := range prog.Packages {
		for i, f := range p.Syntax {
			compiled := p.CompiledGoFiles[i]
			file := &File{Name: compiled, Syntax: f, Package: p, Module: p.Module, Src: srcs[compiled]}
			if orig := cgoSource(fset, f, compiled, p.GoFiles); orig != "" {
				// cmd/cgo's rewrite of a user's file, from the build
				// cache. Its //line directives already point positions
				// into the user's file; it is named that way too, so
				// that messages and lookups by name find it, and is
				// never written: mapfix cannot rewrite cgo's output.
				file.Name, file.Cgo = orig, true
				dropCgoHeader(f)
			} else {
				file.Writable = writable(compiled, f, p.Module)
			}
			prog.files[file.Name] = file
			prog.byTok[fset.File(f.FileStart)] = file
		}
	}
	return prog, loadErr
}

// withoutErrors returns the packages that, with all they import, have no
// errors: what KeepGoing can still analyse.
func withoutErrors(pkgs []*packages.Package) []*packages.Package {
	bad := make(map[*packages.Package]bool)
	var visit func(p *packages.Package) bool
	seen := make(map[*packages.Package]bool)
	visit = func(p *packages.Package) bool {
		if seen[p] {
			return bad[p]
		}
		seen[p] = true
		b := len(p.Errors) > 0
		for _, q := range p.Imports {
			if visit(q) {
				b = true
			}
		}
		bad[p] = b
		return b
	}
	var out []*packages.Package
	for _, p := range pkgs {
		if !visit(p) {
			out = append(out, p)
		}
	}
	return out
}

// cgoSource returns the file of goFiles that cmd/cgo turned into the
// compiled file, or "" when compiled is not cgo output.
func cgoSource(fset *token.FileSet, f *ast.File, compiled string, goFiles []string) string {
	orig := fset.Position(f.Package).Filename // through cgo's //line directive
	if orig == compiled || orig == "" {
		return ""
	}
	for _, g := range goFiles {
		if g == orig {
			return orig
		}
	}
	return ""
}

// dropCgoHeader removes the "Code generated by cmd/cgo" comment from the
// head of a cgo-processed file, so that ast.IsGenerated tells, as for any
// other file, whether the user's file is generated (a generated file keeps
// its own header through cgo).
func dropCgoHeader(f *ast.File) {
	var kept []*ast.CommentGroup
	for _, g := range f.Comments {
		if g.Pos() < f.Package && strings.HasPrefix(g.Text(), "Code generated by cmd/cgo;") {
			continue
		}
		kept = append(kept, g)
	}
	f.Comments = kept
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
	tf := p.Fset.File(pos)
	if f := p.byTok[tf]; f != nil {
		return f
	}
	if tf == nil {
		return nil
	}
	return p.files[tf.Name()]
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

// checkModule fails unless dir is inside a module, in module mode. In
// workspace mode (a go.work above dir) it returns the directories of the
// workspace's modules, so that patterns can be expanded across them.
func checkModule(dir string, env []string) (workspace []string, err error) {
	out, err := goCmd(dir, env, "env", "GOMOD", "GOWORK", "GO111MODULE")
	if err != nil {
		return nil, err
	}
	vars := strings.Split(out, "\n")
	for len(vars) < 3 {
		vars = append(vars, "")
	}
	gomod, gowork, modMode := strings.TrimSpace(vars[0]), strings.TrimSpace(vars[1]), strings.TrimSpace(vars[2])
	switch {
	case gomod == "" && modMode == "off":
		return nil, &Error{Msg: fmt.Sprintf("%s: GO111MODULE=off selects GOPATH mode; mapfix works in module mode only: unset GO111MODULE", dir)}
	case gomod == "":
		return nil, &Error{Msg: fmt.Sprintf("%s is not inside a Go module (GOPATH mode, GO111MODULE=%s); mapfix needs a go.mod: run go mod init", dir, modMode)}
	case gowork != "" && gowork != "off":
		// Workspace mode: the main modules are the workspace's, whether
		// or not dir lies inside one of them (GOMOD is os.DevNull at the
		// workspace root).
		out, err := goCmd(dir, env, "list", "-m", "-f", "{{.Dir}}")
		if err != nil {
			return nil, err
		}
		return strings.Split(strings.TrimSpace(out), "\n"), nil // folder names may hold spaces
	case gomod == os.DevNull:
		return nil, &Error{Msg: fmt.Sprintf("%s is not inside a Go module: no go.mod here or in any parent; run go mod init", dir)}
	}
	return nil, nil
}

// goCmd runs the go command in dir and returns its standard output.
func goCmd(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s in %s: %v: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// expandWorkspace rewrites each relative "dir/..." pattern whose directory
// lies outside every workspace module (typically ./... at the root of a
// go.work workspace, which the go command rejects) into one "mod/..."
// pattern per workspace module below that directory: what the user means
// by ./... there. Other patterns are kept as they are.
func expandWorkspace(dir string, patterns, modules []string) []string {
	var out []string
	for _, p := range patterns {
		prefix, ok := strings.CutSuffix(p, "/...")
		if !ok && p == "..." {
			prefix, ok = ".", true
		}
		if !ok || !build.IsLocalImport(prefix) {
			out = append(out, p)
			continue
		}
		base := filepath.Join(dir, filepath.FromSlash(prefix))
		var below []string
		inside := false
		for _, m := range modules {
			switch {
			case within(m, base):
				inside = true
			case within(base, m):
				rel, err := filepath.Rel(dir, m)
				if err != nil {
					continue
				}
				rel = filepath.ToSlash(rel)
				if !strings.HasPrefix(rel, "../") {
					rel = "./" + rel
				}
				below = append(below, rel+"/...")
			}
		}
		if inside || len(below) == 0 {
			out = append(out, p)
			continue
		}
		sort.Strings(below)
		out = append(out, below...)
	}
	return out
}

// within reports whether path is dir or lies below it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// packageErrors collects the errors of the loaded packages: the first
// maxErrors with their positions, then a count of the rest.
func packageErrors(pkgs []*packages.Package, dir string) error {
	// The go command reports compile errors of packages it builds for
	// export data as list errors ("# pkg\nfile:line: msg") that repeat the
	// type errors; show those only when nothing better explains the
	// failure. Other list errors (a file that cannot be read, say) come
	// first: the type errors that follow them ("undefined: f") are their
	// consequences.
	var typed, listed, compiled []packages.Error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			switch {
			case e.Kind != packages.ListError:
				typed = append(typed, e)
			case strings.HasPrefix(e.Msg, "# "):
				compiled = append(compiled, e)
			default:
				listed = append(listed, e)
			}
		}
	})
	errs := append(listed, typed...)
	if len(errs) == 0 {
		errs = compiled
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
