package pipeline_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/rewrite"
	"github.com/mapfix/mapfix/templates"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/tools/go/packages"
)

// The fuzz targets run mapfix's stages as pipeline.Check and pipeline.Rewrite
// do (mapclass, detect, rewrite.Plan, Apply, then a type check of the
// result with the generated package), but load the program in this
// process: one package at the module root, type-checked with go/types and
// the standard library's export data. go/packages would start the go
// command three times per execution, which makes an execution take about
// a second; this takes milliseconds. TestFastLoadMatchesDriver checks that
// both ways give the same findings and the same rewritten files.

// errInput marks a module that the fast loader does not take or that does
// not type-check: the fuzz input's fault, not mapfix's.
var errInput = errors.New("input")

// fastReport is the outcome of a fast run.
type fastReport struct {
	Prog     *load.Program
	Findings []*detect.Finding
	Rewrite  *rewrite.Result
	// New holds the content of every .go file of the package after the
	// rewrite, by absolute name, changed or not.
	New map[string][]byte
}

// fastModule is a module of one package whose files lie in dir.
type fastModule struct {
	dir     string
	path    string // module path
	version string // go version, like "1.26"
}

// readModule reads dir/go.mod.
func readModule(dir string) (*fastModule, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errInput, err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil || mf.Module == nil || mf.Go == nil || len(mf.Require) > 0 || len(mf.Replace) > 0 ||
		mf.Toolchain != nil || len(mf.Tool) > 0 || len(mf.Godebug) > 0 {
		return nil, fmt.Errorf("%w: go.mod is not a plain module without requirements (%v)", errInput, err)
	}
	if err := checkModPath(mf.Module.Mod.Path); err != nil {
		return nil, fmt.Errorf("%w: %v", errInput, err)
	}
	return &fastModule{dir: dir, path: mf.Module.Mod.Path, version: mf.Go.Version}, nil
}

// checkModPath accepts the module paths the go command accepts for a main
// module: valid import paths.
func checkModPath(p string) error {
	return module.CheckImportPath(p)
}

// fastRewrite runs the stages of pipeline.Rewrite on the module in dir.
// An error wrapping errInput is the input's fault; any other is mapfix's.
func fastRewrite(dir string) (*fastReport, error) {
	mod, err := readModule(dir)
	if err != nil {
		return nil, err
	}
	fset, imp := newImporter(mod.path + "/" + pipeline.GeneratedDir)

	names, err := goFiles(dir)
	if err != nil {
		return nil, err
	}
	srcs := make(map[string][]byte, len(names))
	for _, name := range names {
		if srcs[name], err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	pkg, syntax, info, err := typeCheck(fset, imp, mod, srcs)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errInput, err)
	}
	prog := load.FromPackage(fset, pkg, syntax, info, &packages.Module{
		Path: mod.path, Dir: dir, Main: true, GoVersion: mod.version, GoMod: filepath.Join(dir, "go.mod"),
	})
	prog.Dir = dir
	for _, f := range prog.Files() {
		f.Src = srcs[f.Name]
	}

	set := mapclass.Build(prog)
	var findings []*detect.Finding
	for _, f := range detect.Run(prog, set, detect.Options{}) {
		// As pipeline.Check: no findings on maps of generated files; and
		// as pipeline.Rewrite by default, only the certain ones.
		if root := f.Class.Root(); root.File != nil && ast.IsGenerated(root.File.Syntax) {
			continue
		}
		if !f.Confidence.AtLeast(detect.Certain) {
			continue
		}
		findings = append(findings, f)
	}
	var classes []*mapclass.Class
	for _, f := range findings {
		classes = append(classes, f.Class)
	}
	res := rewrite.Plan(prog, classes, rewrite.Options{})
	if err := res.Edit(prog, rewrite.Options{}); err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	out := make(map[string][]byte, len(srcs))
	for name, src := range srcs {
		out[name] = src
	}
	for _, ch := range res.Changes {
		if _, ok := out[ch.Path]; !ok {
			return nil, fmt.Errorf("the rewrite changes %s, which is not a file of the package", ch.Path)
		}
		out[ch.Path] = ch.New
	}
	// As pipeline.Rewrite's verify: the rewritten package must type-check
	// with the generated package.
	if len(res.Changes) > 0 {
		vfset, vimp := newImporter(mod.path + "/" + pipeline.GeneratedDir)
		if _, _, _, err := typeCheck(vfset, vimp, mod, out); err != nil {
			return nil, fmt.Errorf("the rewritten code does not type-check: %v", err)
		}
	}
	return &fastReport{Prog: prog, Findings: findings, Rewrite: res, New: out}, nil
}

// moduleImporter imports the standard library from export data and the
// generated package, at its path in the module, from the template, for
// one program of the fast loader.
type moduleImporter struct {
	u      *fastImports
	smPath string
}

// fastImports is what the fast loader's programs share: one file set, the
// standard library's packages read from export data, and the generated
// package type-checked once per import path. Each program once read them
// all again (decoding export data and type-checking the template under
// -race was most of a program's time). The programs are parsed into the
// shared file set, so that every position a load hands on, the standard
// library's included, belongs to its one file set. A fuzzing run loads
// millions of programs: after maxFastUses the next program starts a fresh
// set, so the file set does not grow without bound.
type fastImports struct {
	fset *token.FileSet
	mu   sync.Mutex // guards std and sm: importers are not safe for concurrent use
	std  types.Importer
	sm   map[string]*types.Package
	uses int
}

const maxFastUses = 500

var fastShared struct {
	sync.Mutex
	cur *fastImports
}

// newImporter returns the file set a program is to be parsed into and the
// importer to type-check it with, whose generated package is at smPath.
func newImporter(smPath string) (*token.FileSet, types.Importer) {
	fastShared.Lock()
	defer fastShared.Unlock()
	u := fastShared.cur
	if u == nil || u.uses >= maxFastUses {
		fset := token.NewFileSet()
		u = &fastImports{fset: fset, std: importer.ForCompiler(fset, "gc", nil), sm: make(map[string]*types.Package)}
		fastShared.cur = u
	}
	u.uses++
	return u.fset, &moduleImporter{u: u, smPath: smPath}
}

func (m *moduleImporter) Import(path string) (*types.Package, error) {
	u := m.u
	u.mu.Lock()
	defer u.mu.Unlock()
	if path == m.smPath {
		if u.sm[path] == nil {
			sm, err := checkTemplate(u.fset, u.std, m.smPath, "")
			if err != nil {
				return nil, fmt.Errorf("the generated package does not type-check: %v", err)
			}
			u.sm[path] = sm
		}
		return u.sm[path], nil
	}
	if !isStd(path) {
		return nil, fmt.Errorf("%s is not in the standard library", path)
	}
	return u.std.Import(path)
}

// goFiles lists the .go files in dir that the default build context
// builds, tests included, as absolute names. A module with files in
// subdirectories, or with ignored files, is not taken: the fast loader
// knows one package only, and mapfix's handling of files the build
// excludes is for the go command's loader to test.
func goFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	ctxt := build.Default
	ctxt.CgoEnabled = false
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			if e.Name() == "internal" {
				continue // the generated package, after a first rewrite
			}
			return nil, fmt.Errorf("%w: a subdirectory %s", errInput, e.Name())
		}
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		c := ctxt
		c.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		if ok, err := c.MatchFile(dir, e.Name()); err != nil || !ok {
			return nil, fmt.Errorf("%w: %s is not built (%v)", errInput, e.Name(), err)
		}
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no Go files", errInput)
	}
	sort.Strings(out)
	return out, nil
}

// typeCheck parses and type-checks the files of one package, as go/packages
// does for mapfix: comments kept, full type information.
func typeCheck(fset *token.FileSet, imp types.Importer, mod *fastModule, srcs map[string][]byte) (*types.Package, []*ast.File, *types.Info, error) {
	names := make([]string, 0, len(srcs))
	for name := range srcs {
		names = append(names, name)
	}
	sort.Strings(names)
	var files []*ast.File
	pkgName := ""
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, srcs[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, nil, err
		}
		switch {
		case pkgName == "":
			pkgName = f.Name.Name
		case f.Name.Name != pkgName:
			return nil, nil, nil, fmt.Errorf("%s: package %s, not %s", name, f.Name.Name, pkgName)
		}
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err != nil || p == "C" {
				return nil, nil, nil, fmt.Errorf("%s: import %s", name, spec.Path.Value)
			}
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{
		Importer:  imp,
		GoVersion: "go" + mod.version,
		Sizes:     types.SizesFor("gc", runtime.GOARCH),
	}
	pkg, err := conf.Check(mod.path, fset, files, info)
	if err != nil {
		return nil, nil, nil, err
	}
	return pkg, files, info, nil
}

// checkTemplate type-checks the generated package as the go command
// builds it (no race tag, no tests), at the given Go version ("" for the
// newest).
func checkTemplate(fset *token.FileSet, std types.Importer, path, goVersion string) (*types.Package, error) {
	var files []*ast.File
	ctxt := build.Default
	for _, f := range templates.ShardedMap("v0.1.0") {
		data := f.Content
		c := ctxt
		c.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		if ok, err := c.MatchFile(".", f.Name); err != nil || !ok || strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, filepath.Join("shardedmap", f.Name), data, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, af)
	}
	conf := types.Config{Importer: std, Sizes: types.SizesFor("gc", runtime.GOARCH), GoVersion: goVersion}
	return conf.Check(path, fset, files, nil)
}

// isStd reports whether an import path names a standard library package
// that a user's package may import.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return path != "" && !strings.Contains(first, ".") && path != "internal" &&
		!strings.HasPrefix(path, "internal/") && !strings.Contains(path, "/internal/") &&
		!strings.HasSuffix(path, "/internal") && first != "cmd" && first != "vendor"
}
