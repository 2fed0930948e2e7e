package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// changedModule is a module with two files to rewrite, in two packages.
var changedModule = map[string]string{
	"go.mod": "module example.com/x\n\ngo 1.26\n",
	"main.go": `package main

import "example.com/x/worker"

var counts = map[string]int{}

func main() {
	done := make(chan bool)
	go func() { counts["a"]++; done <- true }()
	counts["b"]++
	<-done
	worker.Run()
}
`,
	"worker/worker.go": `package worker

var seen = map[int]bool{}

// Run races on seen.
func Run() {
	done := make(chan bool)
	go func() { seen[1] = true; done <- true }()
	seen[2] = true
	<-done
}
`,
}

// TestChangedBeforeWrite changes the module on disk after mapfix rewrite -w
// has loaded and planned it and before it writes (the README's third
// guarantee of rewrite -w): every such
// change is an error naming the file, exit 2, and nothing is written, not
// even the files that did not change.
func TestChangedBeforeWrite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string // regexp on stderr
	}{
		{"edited", func(t *testing.T, dir string) {
			appendFile(t, filepath.Join(dir, "worker/worker.go"), "\n// Edited meanwhile.\n")
		}, `worker/worker\.go: changed on disk since mapfix read it; run mapfix again`},
		{"removed", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "worker/worker.go")); err != nil {
				t.Fatal(err)
			}
		}, `worker/worker\.go: .*no such file or directory`},
		{"made read-only", func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, "worker/worker.go"), 0o444); err != nil {
				t.Fatal(err)
			}
		}, `worker/worker\.go: file is read-only; not written`},
		{"generated file appeared", func(t *testing.T, dir string) {
			gen := filepath.Join(dir, "internal/shardedmap/map.go")
			if err := os.MkdirAll(filepath.Dir(gen), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(gen, []byte("package shardedmap\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, `internal/shardedmap/map\.go: appeared on disk after mapfix planned to create it; run mapfix again`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, changedModule)
			var after map[string]string
			testHookBeforeWrite = func() {
				tc.change(t, dir)
				after = readTree(t, dir)
			}
			defer func() { testHookBeforeWrite = func() {} }()

			var stdout, stderr bytes.Buffer
			code := run([]string{"mapfix", "rewrite", "-w", "-C", dir, "./..."}, &stdout, &stderr)
			if after == nil {
				t.Fatalf("the hook did not run (exit %d): %s", code, stderr.String())
			}
			if code != exitFailure {
				t.Errorf("exit %d, want %d", code, exitFailure)
			}
			if !regexp.MustCompile(tc.want).MatchString(stderr.String()) {
				t.Errorf("stderr = %q, want a match for %q", stderr.String(), tc.want)
			}
			if bytes.Contains(stderr.Bytes(), []byte("wrote")) || stdout.Len() > 0 {
				t.Errorf("stdout = %q, stderr = %q; want no output but the error", stdout.String(), stderr.String())
			}
			// The tree is exactly as the change left it: main.go, which did
			// not change, was not rewritten either; no temporary files.
			if got := readTree(t, dir); !equalTrees(got, after) {
				t.Errorf("the tree changed after the hook:\n got %v\nwant %v", keys(got), keys(after))
			}
		})
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file under dir by slash path, with its mode
// appended to its content so that a mode change shows.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(data) + "\x00" + fi.Mode().String()
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
