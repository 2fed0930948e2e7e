package load

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
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
	switch fi, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &Error{Msg: fmt.Sprintf("-C %s: no such directory", cfg.Dir)}
	case err != nil:
		return nil, &Error{Msg: fmt.Sprintf("-C %s: %v", cfg.Dir, err)}
	case !fi.IsDir():
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
	if err := checkLocalPatterns(dir, patterns); err != nil {
		return nil, err
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
		msg := "no packages matched " + strings.Join(patterns, " ")
		if cfg.Dir != "" {
			msg += " in -C " + cfg.Dir
		}
		return nil, &Error{Msg: msg}
	}
	loadErr := packageErrors(pkgs, dir, env)
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
	dropReplacedInfo(pkgs, prog.Packages)
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

// dropReplacedInfo frees the types.Info of every package loaded from
// source that is not one of the chosen: a package whose test variant
// stands in for it, and the generated test mains. A package and its test
// variant are type-checked separately from the same syntax, so without
// this the load holds the Info (the type of every expression, the object
// of every identifier: the largest part of a load's memory) twice for
// every package that has tests. Nothing reads it: every stage asks a
// File's Package, which is always a chosen one. The replaced package's
// Types and Syntax stay: its importers' types refer to its objects, and
// the rewrite's type-check of an importer checks it again from Syntax.
func dropReplacedInfo(all, chosen []*packages.Package) {
	keep := make(map[*packages.Package]bool, len(chosen))
	for _, p := range chosen {
		keep[p] = true
	}
	packages.Visit(all, nil, func(p *packages.Package) {
		if !keep[p] {
			p.TypesInfo = nil
		}
	})
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
// directory, as go vet prints positions, also when the file lies above it
// (../lib/lib.go) in a main module.
func (p *Program) Rel(pos token.Pos) string {
	position := p.Fset.Position(pos)
	if !position.IsValid() {
		return "-"
	}
	var mod *packages.Module
	if f := p.FileOf(pos); f != nil {
		mod = f.Module
	}
	return fmt.Sprintf("%s:%d:%d", msgPath(p.Dir, position.Filename, mod), position.Line, position.Column)
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
// maxErrors with their positions, then a count of the rest. The go
// command ran in dir, the working directory that paths are relative to.
func packageErrors(pkgs []*packages.Package, dir string, env []string) error {
	// The go command reports compile errors of packages it builds for
	// export data as list errors ("# pkg\nfile:line: msg") that repeat the
	// type errors; show those only when nothing better explains the
	// failure. Other list errors (a file that cannot be read, say) come
	// first: the type errors that follow them ("undefined: f") are their
	// consequences.
	type pkgError struct {
		packages.Error
		pkg *packages.Package
	}
	var typed, listed, compiled []pkgError
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			pe := pkgError{e, p}
			switch {
			case e.Kind != packages.ListError:
				typed = append(typed, pe)
			case strings.HasPrefix(e.Msg, "# "):
				compiled = append(compiled, pe)
			default:
				listed = append(listed, pe)
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
		rel := func(path string) string { return msgPath(dir, path, e.pkg.Module) }
		var lines []string
		switch {
		case strings.HasPrefix(e.Msg, "# "):
			// "# pkgpath" and then the compiler's lines, named relative
			// to the go command's directory: the lines alone, with
			// their paths made the user's.
			for _, line := range strings.Split(e.Msg, "\n")[1:] {
				if file, rest, ok := strings.Cut(line, ":"); ok && strings.HasSuffix(file, ".go") {
					if !filepath.IsAbs(file) {
						file = filepath.Join(dir, file)
					}
					line = rel(file) + ":" + rest
				}
				lines = append(lines, line)
			}
		default:
			msg := relPathsIn(ownModuleAdvice(e.Msg, dir, env), rel)
			if e.Pos != "" && e.Pos != "-" {
				msg = rel(e.Pos) + ": " + msg
			} else if e.Kind == packages.TypeError || (e.Kind == packages.ParseError && !strings.Contains(msg, ".go:")) {
				// An error with no position still says where: its package.
				msg = e.pkg.PkgPath + ": " + msg
			}
			lines = []string{msg}
		}
		for _, msg := range lines {
			if !seen[msg] {
				seen[msg] = true
				msgs = append(msgs, msg)
			}
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

// msgPath returns path (an absolute file name, possibly followed by
// ":line:col") as messages print it: relative to the working directory
// msgDir when it lies in a main module, so that every path of the user's
// own code reads the same way whatever the command; elsewhere (GOROOT,
// the module cache) relative only when that is shorter, as the go command
// prints paths.
func msgPath(msgDir, path string, mod *packages.Module) string {
	file, suffix := path, ""
	if i := strings.Index(path, ".go:"); i >= 0 {
		file, suffix = path[:i+len(".go")], path[i+len(".go"):]
	}
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file) + suffix
	}
	rel, err := filepath.Rel(msgDir, file)
	if err != nil {
		return path
	}
	inModule := mod != nil && mod.Main && mod.Dir != "" && within(mod.Dir, file)
	if inModule || within(msgDir, file) || len(rel) < len(file) {
		return filepath.ToSlash(rel) + suffix
	}
	return path
}

// relPathsIn rewrites the absolute paths in a message of the go command
// ("no Go files in /home/u/app/lib") with rel.
func relPathsIn(msg string, rel func(string) string) string {
	words := strings.Split(msg, " ")
	for i, w := range words {
		trimmed := strings.TrimRight(w, ",;)")
		if filepath.IsAbs(trimmed) {
			words[i] = rel(trimmed) + w[len(trimmed):]
		}
	}
	return strings.Join(words, " ")
}

// checkLocalPatterns gives a clear error for the patterns that name files
// or directories that the go command would report in its own words
// ("directory not found" for a missing file, a go get for a .go name):
// a missing file or directory, and a .go file, since mapfix works on
// whole packages (a map's uses span the files of its package).
func checkLocalPatterns(dir string, patterns []string) error {
	for _, p := range patterns {
		base := strings.TrimSuffix(p, "/...")
		isFile := strings.HasSuffix(base, ".go")
		if strings.Contains(base, "...") || !isFile && !build.IsLocalImport(base) && !filepath.IsAbs(base) {
			continue // an import path, or a wildcard the go command expands
		}
		path := base
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, filepath.FromSlash(base))
		}
		shown := p // as the user typed it
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && isFile:
			return &Error{Msg: fmt.Sprintf("%s: no such file", shown)}
		case errors.Is(err, fs.ErrNotExist):
			return &Error{Msg: fmt.Sprintf("%s: no such directory", shown)}
		case err != nil:
			return &Error{Msg: err.Error()}
		case isFile && !fi.IsDir():
			pkgDir := filepath.ToSlash(filepath.Dir(filepath.FromSlash(base)))
			if !strings.HasPrefix(pkgDir, ".") && !filepath.IsAbs(pkgDir) {
				pkgDir = "./" + pkgDir
			}
			return &Error{Msg: fmt.Sprintf("%s: mapfix works on packages, not files (a map's uses span its package's files): name its directory, %s", shown, pkgDir)}
		}
	}
	return nil
}

// ownModuleAdvice replaces the go command's advice to "go get" a package
// that would belong to a main module (a typo in an import path of the
// user's own module, or a directory not created yet): no download can
// provide it.
func ownModuleAdvice(msg, dir string, env []string) string {
	const prefix = "no required module provides package "
	rest, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return msg
	}
	path, _, _ := strings.Cut(rest, ";")
	out, err := goCmd(dir, env, "list", "-m", "-f", "{{.Path}}")
	if err != nil {
		return msg
	}
	for _, mod := range strings.Fields(out) {
		if path == mod || strings.HasPrefix(path, mod+"/") {
			return fmt.Sprintf("package %s is not in module %s: the module has no directory %s with Go files", path, mod, "."+strings.TrimPrefix(path, mod))
		}
	}
	return msg
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
