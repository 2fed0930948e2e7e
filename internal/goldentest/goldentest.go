// Package goldentest reads the golden rewrite cases of testdata/golden for
// the tests that run them: the slow one in pipeline, which builds, vets and
// races every expected output, and the fast one in rewrite, which only
// compares the rewritten text.
//
// A case is a txtar archive: the input files (with a go.mod), then
// "want/<path>" for each rewritten file, "findings" for what mapfix
// reports, and "output" for what the rewritten program prints. The
// findings hold, for each finding, a line
//
//	pos ID kind type confidence rewritable=true|false
//
// then, indented by a tab, its evidence, "refused pos: reason" and
// "note pos: text" lines.
package goldentest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Case is one golden case.
type Case struct {
	Name    string // the file name without .txtar
	File    string // the archive's path
	Archive *txtar.Archive
}

// SyncMapPrefix starts the names of the cases of the sync.Map migration
// (rewrite -syncmap): they are run by the golden test in pipeline, and
// Cases leaves them out for the tests of the shared-map rewrite.
const SyncMapPrefix = "syncmap_"

// Cases reads every case in dir (a testdata/golden folder) but those of
// the sync.Map migration (SyncMapCases). No case at all is a failure: a
// wrong path must not pass as an empty run.
func Cases(t testing.TB, dir string) []*Case {
	t.Helper()
	var out []*Case
	for _, c := range allCases(t, dir) {
		if !strings.HasPrefix(c.Name, SyncMapPrefix) {
			out = append(out, c)
		}
	}
	return out
}

// SyncMapCases reads the cases of the sync.Map migration in dir.
func SyncMapCases(t testing.TB, dir string) []*Case {
	t.Helper()
	var out []*Case
	for _, c := range allCases(t, dir) {
		if strings.HasPrefix(c.Name, SyncMapPrefix) {
			out = append(out, c)
		}
	}
	return out
}

func allCases(t testing.TB, dir string) []*Case {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no golden cases in %s", dir)
	}
	var out []*Case
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &Case{Name: strings.TrimSuffix(filepath.Base(file), ".txtar"), File: file, Archive: ar})
	}
	return out
}

// IsWant reports whether a file of an archive is an expectation rather
// than an input.
func IsWant(name string) bool {
	return strings.HasPrefix(name, "want/") || name == "findings" || name == "output"
}

// WriteInputs writes the case's input files under dir.
func (c *Case) WriteInputs(t testing.TB, dir string) {
	t.Helper()
	for _, f := range c.Archive.Files {
		if !IsWant(f.Name) {
			WriteFile(t, filepath.Join(dir, f.Name), f.Data)
		}
	}
}

// Want returns the case's expectations by name ("want/x.go", "findings",
// "output").
func (c *Case) Want() map[string][]byte {
	want := make(map[string][]byte)
	for _, f := range c.Archive.Files {
		if IsWant(f.Name) {
			want[f.Name] = f.Data
		}
	}
	return want
}

// WriteFile writes data to path, making its folders.
func WriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

// SortedKeys returns the keys of a and b, once each, in order.
func SortedKeys(a, b map[string][]byte) []string {
	seen := make(map[string]bool)
	var keys []string
	for _, m := range []map[string][]byte{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// FindingIDs returns the IDs of the findings of a case's findings file, in
// order.
func FindingIDs(findings string) []string {
	var ids []string
	for _, line := range strings.Split(findings, "\n") {
		if fields := strings.Fields(line); len(fields) >= 2 && !strings.HasPrefix(line, "\t") {
			ids = append(ids, fields[1])
		}
	}
	return ids
}

// RewriteLines keeps what a case's findings file says of the rewrite: of
// each finding's first line its ID and rewritable flag ("ID
// rewritable=true"), then its refused and note lines as they are. The
// positions, kinds, confidences and evidence are detection's.
func RewriteLines(findings string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(findings, "\n") {
		switch {
		case line == "":
		case !strings.HasPrefix(line, "\t"):
			fields := strings.Fields(line)
			if len(fields) < 2 {
				b.WriteString(line)
				continue
			}
			b.WriteString(fields[1] + " " + fields[len(fields)-1] + "\n")
		case strings.HasPrefix(line, "\trefused "), strings.HasPrefix(line, "\tnote "):
			b.WriteString(line)
		}
	}
	return b.String()
}
