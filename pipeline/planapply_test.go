package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/rewrite"
	"github.com/mapfix/mapfix/templates"
)

// TestPlanAcceptedApplies holds check's "rewritable" to its word: every
// map class of every golden input and every detect corpus program (shared
// or not, so that more shapes are tried than the findings hold) is given
// to Plan, and whatever Plan accepts is applied and type-checked with the
// generated package. A class Plan accepts whose rewrite does not compile
// is a failure: Plan must refuse it, with a reason, instead.
func TestPlanAcceptedApplies(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every golden case and the corpus")
	}
	cases := goldentest.Cases(t, "../testdata/golden")
	t.Parallel()
	corpus, err := filepath.Abs("../detect/testdata")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu               sync.Mutex
		goldenN, corpusN planCount
	)
	add := func(to *planCount, n planCount) {
		mu.Lock()
		defer mu.Unlock()
		to.add(n)
	}
	// The cases are independent: in parallel, they take half the time on
	// two cores.
	t.Run("cases", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.Name, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				c.WriteInputs(t, dir)
				add(&goldenN, planApplyCheck(t, filepath.Base(c.File), dir, true, []string{"./..."}))
			})
		}
		t.Run("corpus", func(t *testing.T) {
			t.Parallel()
			add(&corpusN, planApplyCheck(t, "corpus", corpus, false, []string{"./src/..."}))
		})
	})
	t.Logf("%d golden cases: %s", len(cases), goldenN)
	t.Logf("the detect corpus: %s", corpusN)
	if goldenN.accepted+corpusN.accepted == 0 {
		t.Error("Plan accepted no class at all")
	}
}

type planCount struct{ classes, accepted, refused, files int }

func (c planCount) String() string {
	return fmt.Sprintf("%d classes planned, %d accepted and type-checked after Apply, %d refused; %d files rewritten",
		c.classes, c.accepted, c.refused, c.files)
}

func (c *planCount) add(d planCount) {
	c.classes += d.classes
	c.accepted += d.accepted
	c.refused += d.refused
	c.files += d.files
}

// planApplyCheck plans every map class of the packages the patterns match
// in src, applies what Plan accepts, and type-checks the result. Packages
// that do not type-check before (a corpus program being written by
// someone else) are left out and logged.
//
// src is loaded where it lies, and the result is checked in src itself
// when it is a scratch folder, else in a copy of it: the rewritten files
// and the generated package are written there, and the go command
// type-checks them as they lie on disk.
// Laid over the disk as an overlay instead, they would make go/packages
// type-check every dependency, the standard library included, from
// source, since it cannot trust export data under an overlay: that was
// nine tenths of this test's time under -race. Loaded in place, the
// packages' export data is the build cache's from the detect tests' and
// other loads of the same folder; a fresh copy is compiled anew, every
// package of it.
func planApplyCheck(t *testing.T, name, src string, scratch bool, patterns []string) planCount {
	t.Helper()
	lc := load.Config{Dir: src, Tests: true, Patterns: patterns, KeepGoing: true}
	prog, err := load.Load(lc)
	if prog == nil {
		t.Errorf("%s: load: %v", name, err)
		return planCount{}
	}
	if err != nil {
		t.Logf("%s: left out, it does not type-check before the rewrite: %v", name, err)
	}
	var classes []*mapclass.Class
	for _, c := range mapclass.Build(prog).Classes {
		if c.Type != nil && c.Root().File != nil && c.Root().File.Writable {
			classes = append(classes, c)
		}
	}
	opts := rewrite.Options{}
	res := rewrite.Plan(prog, classes, opts)
	n := planCount{classes: len(classes), accepted: len(res.Rewritten), refused: len(res.Refused)}
	if err := res.Edit(prog, opts); err != nil {
		t.Errorf("%s: Apply: %v", name, err)
		return n
	}
	n.files = len(res.Changes)
	if len(res.Changes) == 0 {
		return n
	}
	dir := src
	if !scratch {
		dir = t.TempDir()
		copyTree(t, src, dir)
	}
	inCopy := func(path string) string {
		rel, err := filepath.Rel(src, path)
		if err != nil || !filepath.IsLocal(rel) {
			t.Fatalf("%s: %s is outside %s", name, path, src)
		}
		return filepath.Join(dir, rel)
	}
	modules := make(map[string]bool)
	for _, ch := range res.Changes {
		writeScratch(t, inCopy(ch.Path), ch.New)
		modules[inCopy(ch.Module)] = true
	}
	for mod := range modules {
		for _, f := range templates.ShardedMap("v0.1.0") {
			writeScratch(t, filepath.Join(mod, GeneratedDir, f.Name), f.Content)
		}
	}
	lc.Dir = dir
	cfg := Config{Load: lc}
	errs, err := typeCheck(cfg, dir, patterns, nil)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return n
	}
	before := make(map[string]bool) // the errors of packages left out
	if len(errs) > 0 {
		// Back to the files as they were, to tell the packages that
		// did not type-check before from those the rewrite broke.
		for _, ch := range res.Changes {
			writeScratch(t, inCopy(ch.Path), ch.Old)
		}
		for mod := range modules {
			if err := os.RemoveAll(filepath.Join(mod, GeneratedDir)); err != nil {
				t.Fatal(err)
			}
		}
		old, err := typeCheck(cfg, dir, patterns, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return n
		}
		for _, e := range old {
			before[e.pkg] = true
		}
	}
	for _, e := range errs {
		if before[e.pkg] {
			continue
		}
		var who []string
		for _, c := range res.Rewritten {
			for _, s := range c.Slots {
				if s.File != nil && inCopy(filepath.Dir(s.File.Name)) == filepath.Dir(e.file) {
					who = append(who, s.Obj.Name())
					break
				}
			}
		}
		t.Errorf("%s: Plan accepted a rewrite that does not type-check: %s (classes declared in that folder: %s)", name, e.text, strings.Join(who, ", "))
	}
	return n
}

// writeScratch writes a file of a scratch copy, making its folders.
func writeScratch(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the regular files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		writeScratch(t, filepath.Join(dst, rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
