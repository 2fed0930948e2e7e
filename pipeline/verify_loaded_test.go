package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
)

// TestCheckLoadedMatchesGoCommand holds the in-process check of a rewrite
// (checkLoaded, which reuses the run's load) to the go command's
// (typeCheck over the whole module with the new files laid over the old):
// on part of the detect corpus (one module of many packages, most of its
// maps rewritten) and on the golden cases with tests or several packages, both
// must find the rewrite clean, and both must find the same errors in a
// rewrite broken on purpose twice: a type error added to a rewritten
// file, and a method the rewritten code calls taken out of the generated
// package, which breaks every package that calls it, importers included.
func TestCheckLoadedMatchesGoCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and type-checks modules with the go command")
	}
	t.Parallel()
	corpus, err := filepath.Abs("../detect/testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("corpus", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		copyCorpusSample(t, corpus, dir)
		compareChecks(t, dir)
	})
	for _, c := range goldentest.Cases(t, "../testdata/golden") {
		several := false
		for _, f := range c.Archive.Files {
			if !goldentest.IsWant(f.Name) && strings.HasSuffix(f.Name, ".go") &&
				(strings.Contains(f.Name, "/") || strings.HasSuffix(f.Name, "_test.go")) {
				several = true
			}
		}
		if !several {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			c.WriteInputs(t, dir)
			compareChecks(t, dir)
		})
	}
}

// copyCorpusSample copies into dst the detect corpus's module files, its
// shared internal packages, the programs of several packages or that import
// the shared ones, and one in ten of the others, in name order. The two
// checks see each version of the whole module, so the whole corpus, three
// times compiled anew in a scratch folder, would cost minutes; the
// programs chosen keep every way a package's errors reach another.
func copyCorpusSample(t *testing.T, corpus, dst string) {
	t.Helper()
	for _, name := range []string{"go.mod", "go.sum", "internal"} {
		if fi, err := os.Stat(filepath.Join(corpus, name)); err == nil && fi.IsDir() {
			copyTree(t, filepath.Join(corpus, name), filepath.Join(dst, name))
		} else {
			data, err := os.ReadFile(filepath.Join(corpus, name))
			if err != nil {
				t.Fatal(err)
			}
			writeScratch(t, filepath.Join(dst, name), data)
		}
	}
	progs, err := os.ReadDir(filepath.Join(corpus, "src"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, d := range progs {
		dir := filepath.Join(corpus, "src", d.Name())
		if !d.IsDir() || i%10 != 0 && !linked(t, dir) {
			continue
		}
		copyTree(t, dir, filepath.Join(dst, "src", d.Name()))
		n++
	}
	if n < 20 {
		t.Fatalf("only %d corpus programs chosen", n)
	}
}

// linked reports whether the corpus program in dir has packages of its
// own besides main, or imports a package of the corpus.
func linked(t *testing.T, dir string) bool {
	found := false
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || found {
			return err
		}
		if d.IsDir() && path != dir {
			found = true
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			found = bytes.Contains(data, []byte("\t\"corpus/")) || bytes.Contains(data, []byte("import \"corpus/"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// compareChecks rewrites the module at dir (every finding) and compares
// the two checks on the result and on two broken versions of it.
//
// dir is a scratch copy: the go command checks each version written into
// it, as the user's build sees a rewrite after -w, and the files are put
// back after each. (Laid over the disk as an overlay instead, the files
// would make go/packages type-check every dependency, the standard library
// included, from source: most of this test's time under -race.)
func compareChecks(t *testing.T, dir string) {
	cfg := Config{
		Load:       load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}},
		Version:    "v0.1.0",
		Confidence: detect.Possible,
	}
	r, err := Rewrite(cfg)
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	if r.LoadErr != nil {
		t.Skipf("the module does not type-check before the rewrite: %v", r.LoadErr)
	}
	roots := make(map[string]string)
	for _, f := range r.Files {
		for _, p := range r.Prog.Packages {
			if p.Module != nil && p.Module.Dir == f.Root {
				roots[f.Root] = p.Module.Path
			}
		}
	}
	if len(roots) == 0 {
		t.Skip("nothing rewritten")
	}
	cfg.Load.KeepGoing = true
	v := &verifier{cfg: cfg, prog: r.Prog, loadErr: r.LoadErr}

	same := func(what string, files []apply.File) int {
		t.Helper()
		fast, ok, err := v.checkLoaded(files, roots)
		if err != nil || !ok {
			t.Fatalf("%s: the in-process check did not run: ok %v, %v", what, ok, err)
		}
		for _, f := range files {
			writeScratch(t, f.Path, f.New)
		}
		var slow []typeError
		for root := range roots {
			errs, err := typeCheck(cfg, root, []string{"./..."}, nil)
			if err != nil {
				t.Fatal(err)
			}
			slow = append(slow, errs...)
		}
		for _, f := range files {
			if f.Old == nil {
				if err := os.Remove(f.Path); err != nil {
					t.Fatal(err)
				}
			} else {
				writeScratch(t, f.Path, f.Old)
			}
		}
		if f, s := errorTexts(fast), errorTexts(slow); !slices.Equal(f, s) {
			t.Errorf("%s: the checks disagree\n--- in process\n%s\n--- go command\n%s", what, strings.Join(f, "\n"), strings.Join(s, "\n"))
		}
		return len(slow)
	}

	if n := same("the rewrite", r.Files); n != 0 {
		t.Errorf("the rewrite has %d type errors", n)
	}

	// A type error in the first rewritten file.
	broken := slices.Clone(r.Files)
	for i, f := range broken {
		if f.Old != nil {
			broken[i].New = append(slices.Clip(f.New), "\nfunc init() { var mapfixBroken int = \"x\"; _ = mapfixBroken }\n"...)
			break
		}
	}
	if n := same("a type error in a rewritten file", broken); n == 0 {
		t.Error("the type error added to a rewritten file was not found")
	}

	// Update taken out of the generated package.
	broken = slices.Clone(r.Files)
	cut := false
	for i, f := range broken {
		if f.Old == nil && filepath.Base(f.Path) == "compute.go" {
			broken[i].New = bytes.Replace(f.New, []byte("func (m *Map[K, V]) Update("), []byte("func (m *Map[K, V]) updateGone("), 1)
			cut = !bytes.Equal(broken[i].New, f.New)
		}
	}
	if !cut {
		return // the generated package is not written, or has moved Update
	}
	calls := false
	for _, f := range r.Files {
		if f.Old != nil && bytes.Contains(f.New, []byte(".Update(")) {
			calls = true
		}
	}
	if n := same("Update taken out of the generated package", broken); calls && n == 0 {
		t.Error("calls of a method taken out of the generated package were not found")
	}
}

// errorTexts returns the errors' texts, sorted, each once.
func errorTexts(errs []typeError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.text)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
