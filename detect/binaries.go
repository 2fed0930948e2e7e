package detect

import (
	"strings"

	"golang.org/x/tools/go/packages"
)

// Test binaries. go test builds one binary per package under test: the
// package with its _test.go files, its external test package, and what
// they import. Code a test runs, or a goroutine a test starts, meets only
// the goroutines of packages linked into that binary: a test of
// discov/internal never runs beside a goroutine that only discov, which
// imports it, starts.

// testBinary returns the path of the package under test whose test
// binary runs the side of a pair made by x in context c: the package of
// x's test file, or of the test file that starts c's goroutine. It is ""
// for code that any binary may run.
func (a *analysis) testBinary(x *access, c ctx) string {
	if x.fn != nil && x.fn.inTestFile() {
		return underTest(x.fn.file.Package)
	}
	if c >= 0 {
		if r := a.g.roots[c]; r.startedInTest() {
			return underTest(r.spawner.file.Package)
		}
	}
	return ""
}

// underTest returns the import path of the package a test package tests.
func underTest(p *packages.Package) string {
	if p.ForTest != "" {
		return p.ForTest
	}
	return strings.TrimSuffix(p.PkgPath, "_test")
}

// linkedInto reports whether the code of side (x, c) is linked into the
// test binary of the package bin: the packages of x's function and of c's
// goroutine are among those the binary imports.
func (a *analysis) linkedInto(bin string, x *access, c ctx) bool {
	set := a.linked(bin)
	if x.fn != nil && !set[x.fn.file.Package.PkgPath] {
		return false
	}
	if c >= 0 {
		if r := a.g.roots[c]; r.spawner != nil && !set[r.spawner.file.Package.PkgPath] {
			return false
		}
	}
	return true
}

// apartBinaries reports whether the two sides of a pair can never run in
// one process: tests of two different packages, or a test and code its
// test binary does not link.
func (a *analysis) apartBinaries(x *access, cx ctx, y *access, cy ctx) bool {
	bx, by := a.testBinary(x, cx), a.testBinary(y, cy)
	switch {
	case bx != "" && by != "":
		return bx != by
	case bx != "":
		return !a.linkedInto(bx, y, cy)
	case by != "":
		return !a.linkedInto(by, x, cx)
	}
	return false
}

// linked returns the import paths of the packages linked into the test
// binary of bin, as far as the loaded packages show: bin's test packages
// and everything they import, followed through the loaded packages (a
// package outside them is a leaf: a dependency does not import the
// module's own packages back).
func (a *analysis) linked(bin string) map[string]bool {
	if set, ok := a.binaries[bin]; ok {
		return set
	}
	if a.binaries == nil {
		a.binaries = make(map[string]map[string]bool)
	}
	byPath := make(map[string]*packages.Package, len(a.prog.Packages))
	for _, p := range a.prog.Packages {
		if p.ForTest == "" || p.PkgPath == p.ForTest {
			byPath[p.PkgPath] = p
		}
	}
	set := map[string]bool{bin: true}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, imp := range p.Imports {
			if set[imp.PkgPath] {
				continue
			}
			set[imp.PkgPath] = true
			if q := byPath[imp.PkgPath]; q != nil {
				visit(q)
			}
		}
	}
	for _, p := range a.prog.Packages {
		if underTest(p) == bin && (p.ForTest != "" || strings.HasSuffix(p.PkgPath, "_test")) || p.PkgPath == bin {
			set[p.PkgPath] = true
			visit(p)
		}
	}
	a.binaries[bin] = set
	return set
}
