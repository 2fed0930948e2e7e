package pipeline

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

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
