package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/mapfix/mapfix/internal/apply"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// typeError is one error of a type-check, with the package it belongs to
// and the position it names, when it names one.
type typeError struct {
	pkg  string // package path (ID for test variants)
	file string // absolute file name, or ""
	line int
	text string // "file:line:col: message", as the go command prints it
	msg  string // the message alone
	// imports are the paths of the packages the package imports.
	imports []string
	// userPkg says that the package did not type-check before the
	// rewrite either: the load left it out, so mapfix never saw its uses
	// of the rewritten maps, and a new error there is not mapfix's to own.
	userPkg bool
}

// typeCheck loads every package of the module at dir (tests included when
// the run loads them) with the overlay laid over the files on disk, and
// returns the errors of each package. It fails only when the go command
// itself cannot run; errors in the code are results.
func typeCheck(cfg Config, dir string, patterns []string, overlay map[string][]byte) ([]typeError, error) {
	env := cfg.Load.Env
	var flags []string
	if len(cfg.Load.Tags) > 0 {
		flags = append(flags, "-tags="+strings.Join(cfg.Load.Tags, ","))
	}
	pcfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedTypes | packages.NeedSyntax |
			packages.NeedTypesInfo | packages.NeedForTest,
		Dir:        dir,
		Env:        env,
		BuildFlags: flags,
		Tests:      cfg.Load.Tests,
		Overlay:    overlay,
	}
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("type-check %s: %w", dir, err)
	}
	var out []typeError
	seen := make(map[string]bool)
	for _, p := range pkgs {
		var imports []string
		for path := range p.Imports {
			imports = append(imports, path)
		}
		// The go command repeats the type errors of a package it
		// compiles, naming the overlay's temporary copies of the files:
		// the type checker's own errors are kept instead.
		typed := false
		for _, e := range p.Errors {
			if e.Kind == packages.TypeError {
				typed = true
			}
		}
		for _, e := range p.Errors {
			if typed && e.Kind != packages.TypeError {
				continue
			}
			te := typeError{pkg: p.PkgPath, text: e.Msg, msg: e.Msg, imports: imports}
			if e.Pos != "" && e.Pos != "-" {
				te.text = e.Pos + ": " + e.Msg
				te.file, te.line = splitPos(e.Pos)
			}
			// A test variant repeats its package's errors.
			key := te.pkg + "\x00" + te.text
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, te)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].line < out[j].line
	})
	return out, nil
}

// splitPos parses "file:line:col" or "file:line".
func splitPos(pos string) (string, int) {
	file, rest, ok := cutPos(pos)
	if !ok {
		return "", 0
	}
	file2, line, ok := cutPos(file)
	if ok {
		// "file:line:col": rest was the column.
		if n, err := strconv.Atoi(line); err == nil {
			return filepath.Clean(file2), n
		}
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		return "", 0
	}
	return filepath.Clean(file), n
}

// cutPos splits at the last colon.
func cutPos(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// errorList formats type errors as load does: the first ten, then a count.
func errorList(errs []typeError) string {
	const max = 10
	var b strings.Builder
	for i, e := range errs {
		if i == max {
			fmt.Fprintf(&b, "(and %d more errors)\n", len(errs)-max)
			break
		}
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// checkLoaded type-checks the rewrite in this process, from the program
// the run loaded: the packages with a changed file, and every loaded
// package that imports one of them (directly or not), are checked again
// (changed files from their new text, the others from the syntax already
// parsed); every other package is taken as loaded, from source or export
// data. The go command is not run, so nothing is compiled for the check,
// whatever the build cache holds.
//
// It applies only when the load stands for the whole module: the run
// loaded ./... from the module root of the one module it rewrites, every
// package type-checked, and the generated package is the module's own
// (no -pkg). Otherwise ok is false and the caller asks the go command.
func (v *verifier) checkLoaded(files []apply.File, roots map[string]string) (errs []typeError, ok bool, err error) {
	prog := v.prog
	if prog == nil || v.loadErr != nil || v.cfg.PkgPath != "" || len(roots) != 1 ||
		len(v.cfg.Load.Patterns) != 1 || v.cfg.Load.Patterns[0] != "./..." {
		return nil, false, nil
	}
	var root, modPath string
	for d, p := range roots {
		root, modPath = d, p
	}
	if filepath.Clean(prog.Dir) != filepath.Clean(root) {
		return nil, false, nil
	}
	overlay := make(map[string][]byte, len(files))
	genDir := filepath.Join(root, GeneratedDir)
	genPath := modPath + "/" + GeneratedDir
	genChanged := false
	for _, f := range files {
		overlay[f.Path] = f.New
		if filepath.Dir(f.Path) == genDir {
			genChanged = true
		}
	}

	// Every package the load reached, and which of them the rewrite
	// affects.
	var all []*packages.Package
	seen := make(map[*packages.Package]bool)
	var walk func(p *packages.Package)
	walk = func(p *packages.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, q := range p.Imports {
			walk(q)
		}
		all = append(all, p) // dependencies first
	}
	for _, p := range prog.Packages {
		walk(p)
	}
	affected := make(map[*packages.Package]bool)
	changedFiles := 0
	for _, p := range all { // in dependency order: imports are decided first
		if p.Module != nil && p.Module.Main && filepath.Clean(p.Module.Dir) != filepath.Clean(root) {
			return nil, false, nil // a workspace: another main module
		}
		if p.PkgPath == genPath {
			if genChanged {
				affected[p] = true
			}
			continue
		}
		for _, name := range p.CompiledGoFiles {
			if _, ok := overlay[name]; ok {
				affected[p] = true
				changedFiles++
			}
		}
		for _, q := range p.Imports {
			if affected[q] {
				affected[p] = true
			}
		}
	}
	// Every changed file outside the generated package must belong to a
	// loaded package (a test variant and its package both hold one).
	for path := range overlay {
		if filepath.Dir(path) != genDir && !v.loadedFile(path) {
			return nil, false, nil
		}
	}
	for p := range affected {
		if p.PkgPath != genPath && (p.Types == nil || len(p.Syntax) != len(p.CompiledGoFiles)) {
			return nil, false, nil // not loaded from source
		}
	}

	fset := prog.Fset
	var gen *types.Package
	if genChanged {
		if gen, errs, err = v.checkGenerated(fset, all, genDir, genPath, overlay); err != nil || len(errs) > 0 {
			return errs, err == nil, err
		}
	} else {
		for _, p := range all {
			if p.PkgPath == genPath && p.ForTest == "" {
				gen = p.Types
			}
		}
	}

	// Check the affected packages, each once its affected imports are
	// done, as many at a time as there are CPUs.
	type result struct {
		pkg  *types.Package
		errs []typeError
		done chan struct{}
	}
	results := make(map[*packages.Package]*result)
	var order []*packages.Package
	for _, p := range all {
		if affected[p] && p.PkgPath != genPath {
			results[p] = &result{done: make(chan struct{})}
			order = append(order, p)
		}
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range order {
		go func() {
			res := results[p]
			defer close(res.done)
			for _, q := range p.Imports {
				if r, ok := results[q]; ok {
					<-r.done
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			res.pkg, res.errs = v.checkPackage(fset, p, overlay, gen, genPath, func(q *packages.Package) *types.Package {
				if r, ok := results[q]; ok {
					return r.pkg
				}
				return q.Types
			})
		}()
	}
	dup := make(map[string]bool)
	for _, p := range order {
		res := results[p]
		<-res.done
		for _, e := range res.errs {
			// A test variant repeats its package's errors.
			if key := e.pkg + "\x00" + e.text; !dup[key] {
				dup[key] = true
				errs = append(errs, e)
			}
		}
	}
	sortErrors(errs)
	return errs, true, nil
}

// loadedFile reports whether the file is one of the loaded program's.
func (v *verifier) loadedFile(path string) bool {
	return v.prog.File(path) != nil
}

// checkPackage type-checks one package again with the changed files'
// new text; its imports come from typesOf, the generated package from gen.
// A package that fails to build (an import that cannot be found) gives
// that as its error.
func (v *verifier) checkPackage(fset *token.FileSet, p *packages.Package, overlay map[string][]byte, gen *types.Package, genPath string, typesOf func(*packages.Package) *types.Package) (*types.Package, []typeError) {
	var imports []string
	for path := range p.Imports {
		imports = append(imports, path)
	}
	var errs []typeError
	addErr := func(err error) {
		te := typeError{pkg: p.PkgPath, text: err.Error(), msg: err.Error(), imports: imports}
		if terr, ok := err.(types.Error); ok {
			pos := terr.Fset.Position(terr.Pos)
			te.msg = terr.Msg
			te.text = pos.String() + ": " + terr.Msg
			te.file, te.line = filepath.Clean(pos.Filename), pos.Line
		} else if serr, ok := err.(scanner.ErrorList); ok && len(serr) > 0 {
			te.msg = serr[0].Msg
			te.text = serr[0].Pos.String() + ": " + serr[0].Msg
			te.file, te.line = filepath.Clean(serr[0].Pos.Filename), serr[0].Pos.Line
		}
		errs = append(errs, te)
	}
	syntax := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for i, name := range p.CompiledGoFiles {
		src, changed := overlay[name]
		if !changed {
			syntax = append(syntax, p.Syntax[i])
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			addErr(err)
			return nil, errs
		}
		syntax = append(syntax, f)
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			// The generated package as it will be: a package that
			// imported an older copy sees the new one.
			if path == genPath && gen != nil {
				return gen, nil
			}
			if q, ok := p.Imports[path]; ok {
				if t := typesOf(q); t != nil {
					return t, nil
				}
			}
			return nil, fmt.Errorf("could not import %s (not loaded with %s)", path, p.PkgPath)
		}),
		Sizes: p.TypesSizes,
		Error: addErr,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	pkg, _ := conf.Check(p.PkgPath, fset, syntax, nil)
	return pkg, errs
}

// checkGenerated type-checks the module's generated package as it will be
// after the write (the files on disk with the new ones laid over them),
// as the go command builds it outside tests. Its imports are standard
// packages: those the load reached are shared with the user's packages, so
// that a type such as iter.Seq2 is the same type on both sides; the others
// are read from the export data the go command lists for them.
func (v *verifier) checkGenerated(fset *token.FileSet, all []*packages.Package, dir, path string, overlay map[string][]byte) (*types.Package, []typeError, error) {
	srcs := make(map[string][]byte)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		if name := filepath.Join(dir, e.Name()); !e.IsDir() && strings.HasSuffix(name, ".go") {
			if srcs[name], err = os.ReadFile(name); err != nil {
				return nil, nil, fmt.Errorf("read %s: %w", name, err)
			}
		}
	}
	for name, src := range overlay {
		if filepath.Dir(name) == dir && strings.HasSuffix(name, ".go") {
			srcs[name] = src
		}
	}
	names := make([]string, 0, len(srcs))
	for name := range srcs {
		names = append(names, name)
	}
	sort.Strings(names)
	ctxt := build.Default
	ctxt.BuildTags = append(ctxt.BuildTags, v.cfg.Load.Tags...)
	var syntax []*ast.File
	needed := make(map[string]bool)
	var errs []typeError
	for _, name := range names {
		src := srcs[name]
		c := ctxt
		c.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil }
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		if match, err := c.MatchFile(dir, filepath.Base(name)); err != nil || !match {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, typeError{pkg: path, file: name, text: err.Error(), msg: err.Error()})
			return nil, errs, nil
		}
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil {
				needed[p] = true
			}
		}
		syntax = append(syntax, f)
	}

	// The standard packages the load reached, as it loaded them (the
	// ones it only saw imported are stubs, filled below).
	shared := make(map[string]*types.Package)
	var sizes types.Sizes
	for _, p := range all {
		if p.Types != nil && p.ForTest == "" && p.ID == p.PkgPath && p.Module == nil {
			shared[p.PkgPath] = p.Types
		}
		if sizes == nil {
			sizes = p.TypesSizes
		}
	}
	// Packages the load only saw imported by others are empty stubs: their
	// export data is read into them.
	var missing []string
	for p := range needed {
		if t := shared[p]; (t == nil || !t.Complete()) && p != "unsafe" {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		if err := v.importExport(fset, shared, missing); err != nil {
			return nil, nil, err
		}
	}
	conf := types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if p == "unsafe" {
				return types.Unsafe, nil
			}
			if t, ok := shared[p]; ok {
				return t, nil
			}
			return nil, fmt.Errorf("could not import %s", p)
		}),
		Sizes: sizes,
		Error: func(err error) {
			te := typeError{pkg: path, text: err.Error(), msg: err.Error()}
			if terr, ok := err.(types.Error); ok {
				pos := terr.Fset.Position(terr.Pos)
				te.msg, te.text = terr.Msg, pos.String()+": "+terr.Msg
				te.file, te.line = filepath.Clean(pos.Filename), pos.Line
			}
			errs = append(errs, te)
		},
	}
	pkg, _ := conf.Check(path, fset, syntax, nil)
	return pkg, errs, nil
}

// importExport reads the export data of the standard packages paths into
// pkgs, which holds the packages already loaded: the new ones share them.
func (v *verifier) importExport(fset *token.FileSet, pkgs map[string]*types.Package, paths []string) error {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedExportFile, Dir: v.prog.Dir, Env: v.cfg.Load.Env}
	if len(v.cfg.Load.Tags) > 0 {
		cfg.BuildFlags = []string{"-tags=" + strings.Join(v.cfg.Load.Tags, ",")}
	}
	listed, err := packages.Load(cfg, paths...)
	if err != nil {
		return fmt.Errorf("list %s: %w", strings.Join(paths, " "), err)
	}
	for _, p := range listed {
		if p.ExportFile == "" {
			return fmt.Errorf("no export data for %s", p.PkgPath)
		}
		if err := readExport(fset, pkgs, p.PkgPath, p.ExportFile); err != nil {
			return err
		}
	}
	return nil
}

// readExport reads one package's export data file into pkgs.
func readExport(fset *token.FileSet, pkgs map[string]*types.Package, path, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	// The go command of this release writes export data in archives, as
	// go/packages reads it too.
	//lint:ignore SA1019 the archive reader is what go list -export output needs until Go 1.29
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return fmt.Errorf("read export data of %s: %w", path, err)
	}
	pkg, err := gcexportdata.Read(r, fset, pkgs, path)
	if err != nil {
		return fmt.Errorf("read export data of %s: %w", path, err)
	}
	pkgs[path] = pkg
	return nil
}

// sortErrors orders errors by file and line, as the go command lists them.
func sortErrors(errs []typeError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].file != errs[j].file {
			return errs[i].file < errs[j].file
		}
		return errs[i].line < errs[j].line
	})
}

// importerFunc is a types.Importer made of a function.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
