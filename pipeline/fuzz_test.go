package pipeline_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/fuzzgen"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/pipeline/pipelinetest"
	"github.com/mapfix/mapfix/rewrite"
	"golang.org/x/tools/txtar"
)

// The fuzz targets check the rewriter's promise (the README's "What
// rewrite -w guarantees"):
// a program that type-checks either rewrites into code that type-checks,
// with the generated package, or each shared map that is not rewritten is
// refused with its reasons; the output is gofmt-clean; and a second
// rewrite of the output changes nothing.
//
// FuzzRewriteGenerated turns its bytes into a program with fuzzgen, which
// almost always type-checks; FuzzRewriteMutated mutates the inputs of the
// golden cases and skips the mutants that do not type-check. Both load
// programs in this process (see fuzzload_test.go), so an execution takes
// milliseconds rather than the second go/packages needs:
//
//	go test -run='^$' -fuzz=FuzzRewriteGenerated -fuzztime=10m -parallel=1 ./pipeline
//	go test -run='^$' -fuzz=FuzzRewriteMutated -fuzztime=10m -parallel=1 ./pipeline
//
// A failing input is kept under testdata/fuzz/<target> and runs with the
// package's tests from then on; the bug it shows gets a golden case too.

// FuzzRewriteGenerated rewrites programs generated from the fuzz input.
// Its seed corpus is in testdata/fuzz/FuzzRewriteGenerated.
func FuzzRewriteGenerated(f *testing.F) {
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := fuzzgen.Generate(data)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		writeFiles(t, dir, files)
		checkRewrite(t, dir, false)
	})
}

// FuzzRewriteMutated rewrites mutants of the golden cases' inputs, given as
// txtar archives of a module's files. Archives that the fast loader does
// not take (files outside the module root, packages other than the
// standard library, files the build excludes) or that do not type-check
// are skipped.
func FuzzRewriteMutated(f *testing.F) {
	cases, err := filepath.Glob("../testdata/golden/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range cases {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		in := &txtar.Archive{}
		for _, af := range ar.Files {
			if !goldentest.IsWant(af.Name) {
				in.Files = append(in.Files, af)
			}
		}
		f.Add(txtar.Format(in))
	}
	f.Fuzz(func(t *testing.T, archive []byte) {
		files := make(map[string][]byte)
		for _, af := range txtar.Parse(archive).Files {
			// Only plain names at the root: nothing may be written outside
			// the temporary module.
			if !plainName(af.Name) || goldentest.IsWant(af.Name) || files[af.Name] != nil {
				t.Skip("a file name the fast loader does not take")
			}
			files[af.Name] = af.Data
		}
		dir := t.TempDir()
		writeFiles(t, dir, files)
		checkRewrite(t, dir, true)
	})
}

// checkRewrite rewrites the module in dir, checks the outcome, writes it,
// and rewrites it again, which must change nothing. Input that does not
// type-check is skipped when mutated, and a generator bug otherwise.
func checkRewrite(t *testing.T, dir string, mutated bool) {
	t.Helper()
	r, err := fastRewrite(dir)
	switch {
	case errors.Is(err, errInput) && mutated:
		t.Skip(err)
	case errors.Is(err, errInput):
		t.Fatalf("fuzzgen wrote a program that does not type-check: %v\n%s", err, dump(dir))
	case err != nil:
		t.Fatalf("rewrite: %v\ninput:\n%s", err, dump(dir))
	}
	refused := make(map[string]bool)
	for _, f := range r.Findings {
		reasons, isRefused := r.Rewrite.Refused[f.Class]
		switch {
		case isRefused && len(reasons) == 0:
			t.Errorf("%s is refused with no reason", f.ID)
		case isRefused:
			refused[f.ID] = true
			for _, n := range reasons {
				if !n.Pos.IsValid() || strings.TrimSpace(n.Msg) == "" {
					t.Errorf("%s: a reason without a position or message: %q at %v", f.ID, n.Msg, n.Pos)
				}
			}
		case !contains(r.Rewrite.Rewritten, f.Class):
			t.Errorf("%s is neither rewritten nor refused", f.ID)
		}
	}
	for _, notes := range r.Rewrite.Notes {
		for _, n := range notes {
			if !n.Pos.IsValid() || strings.TrimSpace(n.Msg) == "" {
				t.Errorf("a note without a position or message: %q at %v", n.Msg, n.Pos)
			}
		}
	}
	// A name left out of a message shows as two spaces in a row, or as a
	// space before the first word.
	for _, notes := range []map[*mapclass.Class][]rewrite.Note{r.Rewrite.Refused, r.Rewrite.Notes} {
		for _, ns := range notes {
			for _, n := range ns {
				if strings.Contains(n.Msg, "  ") || strings.HasPrefix(n.Msg, " ") {
					t.Errorf("%s: a message with a word missing: %q", r.Prog.Rel(n.Pos), n.Msg)
				}
			}
		}
	}
	for _, ch := range r.Rewrite.Changes {
		if clean, err := format.Source(ch.New); err != nil || !bytes.Equal(clean, ch.New) {
			t.Errorf("%s is not gofmt-clean after the rewrite (err %v)\n%s", ch.Path, err, ch.New)
		}
	}
	if t.Failed() {
		t.Fatalf("input:\n%s", dump(dir))
	}
	t.Logf("%d shared maps, %d rewritten, %d refused, %d files changed", len(r.Findings), len(r.Rewrite.Rewritten), len(refused), len(r.Rewrite.Changes))
	before := dump(dir)
	for _, ch := range r.Rewrite.Changes {
		if err := os.WriteFile(ch.Path, ch.New, 0o666); err != nil {
			t.Fatal(err)
		}
	}

	// Idempotence: nothing left to rewrite, and no shared map that the
	// first run did not refuse.
	r2, err := fastRewrite(dir)
	if err != nil {
		t.Fatalf("second rewrite: %v\ninput:\n%s\nafter the first rewrite:\n%s", err, before, dump(dir))
	}
	for _, ch := range r2.Rewrite.Changes {
		t.Errorf("the second rewrite changes %s:\n%s", ch.Path, ch.New)
	}
	for _, f := range r2.Findings {
		if !refused[f.ID] {
			t.Errorf("after the rewrite, %s is a shared map that the first run did not refuse", f.ID)
		}
	}
	if t.Failed() {
		t.Fatalf("input:\n%s\nafter the first rewrite:\n%s", before, dump(dir))
	}
}

// TestFastLoadMatchesDriver checks the fuzz targets' loader against the
// command line's: on the seed corpus and some generated programs, the
// findings, their refusals and notes, and the rewritten files must be the
// same with pipeline.Rewrite (go/packages) as with fastRewrite.
func TestFastLoadMatchesDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command for every program")
	}
	t.Parallel()
	inputs := seedCorpus(t, "testdata/fuzz/FuzzRewriteGenerated")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 4 {
		data := make([]byte, 50+rng.IntN(300))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		inputs = append(inputs, data)
	}
	for i, data := range inputs {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			files, err := fuzzgen.Generate(data)
			if err != nil {
				t.Fatal(err)
			}
			slow, fast := t.TempDir(), t.TempDir()
			writeFiles(t, slow, files)
			writeFiles(t, fast, files)
			r, err := pipeline.Rewrite(loadConfig(slow))
			if err != nil {
				t.Fatalf("driver: %v", err)
			}
			fr, err := fastRewrite(fast)
			if err != nil {
				t.Fatalf("fast: %v", err)
			}
			want := pipelinetest.FindingsText(r)
			got := pipelinetest.FindingsText(&pipeline.Report{Prog: fr.Prog, Findings: fr.Findings, Rewrite: fr.Rewrite})
			if got != want {
				t.Errorf("findings differ\n--- driver\n%s\n--- fast\n%s", want, got)
			}
			wantFiles := make(map[string]string)
			for _, f := range r.Files {
				rel, _ := filepath.Rel(slow, f.Path)
				if !strings.HasPrefix(filepath.ToSlash(rel), pipeline.GeneratedDir+"/") {
					wantFiles[rel] = string(f.New)
				}
			}
			gotFiles := make(map[string]string)
			for _, ch := range fr.Rewrite.Changes {
				rel, _ := filepath.Rel(fast, ch.Path)
				gotFiles[rel] = string(ch.New)
			}
			if fmt.Sprint(sortedNames(wantFiles)) != fmt.Sprint(sortedNames(gotFiles)) {
				t.Fatalf("changed files differ: driver %v, fast %v", sortedNames(wantFiles), sortedNames(gotFiles))
			}
			for name, w := range wantFiles {
				if gotFiles[name] != w {
					t.Errorf("%s differs\n--- driver\n%s\n--- fast\n%s", name, w, gotFiles[name])
				}
			}
		})
	}
}

// plainName reports whether a file name is one the fast loader takes: a
// base name of letters, digits, '_', '-' and '.', not starting with '.'.
func plainName(name string) bool {
	if name == "" || name[0] == '.' {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func loadConfig(dir string) pipeline.Config {
	cfg := pipeline.Config{Version: "v0.1.0"}
	cfg.Load.Dir, cfg.Load.Tests, cfg.Load.Patterns = dir, true, []string{"./..."}
	return cfg
}

// seedCorpus reads the []byte inputs of a fuzz corpus directory.
func seedCorpus(t *testing.T, dir string) [][]byte {
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		header, rest, _ := strings.Cut(string(data), "\n")
		lit, ok := strings.CutPrefix(strings.TrimSpace(rest), "[]byte(")
		lit, ok2 := strings.CutSuffix(lit, ")")
		if header != "go test fuzz v1" || !ok || !ok2 {
			t.Fatalf("%s: not a corpus file with one []byte", p)
		}
		s, err := strconv.Unquote(lit)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, []byte(s))
	}
	return out
}

func sortedNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains[T comparable](s []T, x T) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// writeFiles writes a module's files (names relative to dir).
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		goldentest.WriteFile(t, filepath.Join(dir, name), data)
	}
}

// dump returns the module's own .go files and go.mod as a txtar archive,
// for a failure message that can become a golden case.
func dump(dir string) string {
	ar := &txtar.Archive{}
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() && rel == filepath.FromSlash(pipeline.GeneratedDir) {
			return filepath.SkipDir
		}
		if d.IsDir() || (!strings.HasSuffix(rel, ".go") && rel != "go.mod") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		ar.Files = append(ar.Files, txtar.File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	sort.Slice(ar.Files, func(i, j int) bool { return ar.Files[i].Name < ar.Files[j].Name })
	return string(txtar.Format(ar))
}
