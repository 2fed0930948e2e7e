package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/load"
)

// TestFallbackDropsBrokenClass breaks the rewrite of one of two maps in a
// file, as a bug in mapfix would: the verifying type-check must drop that
// map alone (refused, with the error, as a mapfix bug), and the other map
// must still be rewritten, in code that type-checks.
func TestFallbackDropsBrokenClass(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/fallback\n\ngo 1.26\n")
	write("main.go", `package main

var (
	good = map[string]int{}
	bad  = map[string]int{}
)

func main() {
	done := make(chan bool)
	go func() {
		good["a"]++
		bad["a"]++
		done <- true
	}()
	good["b"]++
	bad["b"]++
	<-done
}
`)
	rounds := 0
	testHookApplied = func(r *Report) {
		rounds++
		if rounds > 1 {
			return
		}
		for _, ch := range r.Rewrite.Changes {
			// The Update of bad in the goroutine gets a wrong argument.
			ch.New = bytes.Replace(ch.New, []byte(`bad.Update("a", `), []byte(`bad.Update("a", 1, `), 1)
		}
	}
	defer func() { testHookApplied = func(*Report) {} }()

	r, err := Rewrite(Config{Load: load.Config{Dir: dir, Patterns: []string{"./..."}}, Version: "v0.1.0"})
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	if rounds != 2 {
		t.Errorf("applied %d times, want 2 (once more without the broken map)", rounds)
	}
	var names []string
	for _, c := range r.Rewrite.Rewritten {
		names = append(names, c.Root().Obj.Name())
	}
	if strings.Join(names, ",") != "good" {
		t.Errorf("rewritten: %v, want [good]", names)
	}
	var reasons []string
	for c, notes := range r.Rewrite.Refused {
		for _, n := range notes {
			reasons = append(reasons, c.Root().Obj.Name()+": "+n.Msg)
		}
	}
	if len(reasons) != 1 || !strings.HasPrefix(reasons[0], "bad: its rewrite does not type-check: main.go:12: the rewritten code here does not compile: too many arguments") ||
		!strings.Contains(reasons[0], "mapfix bug") {
		t.Errorf("refusals: %q, want bad's, with the error at main.go:12 and as a mapfix bug", reasons)
	}
	var src string
	for _, f := range r.Files {
		if f.Path == filepath.Join(dir, "main.go") {
			src = string(f.New)
		}
	}
	if !strings.Contains(src, `good.Update("a"`) || !strings.Contains(src, `bad["a"]++`) {
		t.Errorf("main.go after the fallback:\n%s", src)
	}
}

// TestOldLines maps lines of a rewritten text back to the original.
func TestOldLines(t *testing.T) {
	old := []byte("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n")
	new := []byte("import\n\na\nb\nC1\nC2\nd\ne\nf\ng\nh\ni\nj\nk\nl\n")
	for _, tc := range []struct{ line, from, to int }{
		{1, 1, 1}, // inserted before a: the line around it
		{3, 1, 1}, // a
		{4, 2, 2}, // b
		{5, 3, 3}, // C1 replaced c
		{6, 3, 3}, // C2 too
		{7, 4, 4}, // d
		{14, 11, 11},
		{15, 11, 12}, // appended after k
	} {
		from, to := oldLines(old, new, tc.line)
		if from != tc.from || to != tc.to {
			t.Errorf("new line %d: old %d-%d, want %d-%d", tc.line, from, to, tc.from, tc.to)
		}
	}
}
