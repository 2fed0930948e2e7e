package pipeline_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the actual output")

// TestGolden runs every case of testdata/golden: the input files are
// rewritten, and the result must match the case's want/ files and
// findings, build, and pass go vet. A case with a main package is also a
// differential test: the input runs under the race detector first; the
// rewritten program must run there with no race and print the case's
// expected output, which must equal the input's output when the input did
// not race.
//
// The format of a case is described in internal/goldentest.
func TestGolden(t *testing.T) {
	t.Parallel() // beside the package's other slow tests
	for _, c := range goldentest.Cases(t, "../testdata/golden") {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, c)
		})
	}
}

func runGolden(t *testing.T, c *goldentest.Case) {
	file, ar := c.File, c.Archive
	dir := t.TempDir()
	c.WriteInputs(t, dir)
	// The differential half: run the input first, under the race
	// detector, to learn whether it races and what it prints.
	var input []byte
	racy := false
	if isMain(ar) {
		input, racy = runInput(t, dir)
	}
	// Golden cases test the rewrite of maps the case shares; how sure the
	// detector is of them is the detect corpus's business, so every
	// finding is acted on.
	r, err := pipeline.Rewrite(pipeline.Config{
		Load:       load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}},
		Version:    "v0.1.0",
		Confidence: detect.Possible,
	})
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}

	got := map[string][]byte{"findings": []byte(findingsText(r, dir))}
	for _, f := range r.Files {
		rel, _ := filepath.Rel(dir, f.Path)
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, pipeline.GeneratedDir+"/") {
			got["want/"+rel] = f.New
		}
		goldentest.WriteFile(t, f.Path, f.New)
	}
	if isMain(ar) {
		got["output"] = runProgram(t, dir, "-race")
		// A program that did not race must print exactly what it printed
		// before; one that raced is held to the case's exact output (no
		// lost increment), which a person checked.
		if !racy && !bytes.Equal(input, got["output"]) {
			t.Errorf("the rewritten program prints something else than the input:\n--- input\n%s\n--- rewritten\n%s", input, got["output"])
		}
	}

	if *update {
		updateArchive(t, file, ar, got)
		return
	}
	want := c.Want()
	for _, name := range goldentest.SortedKeys(got, want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", name, want[name], got[name])
		}
	}

	// Every expected output must build and pass go vet, tests included.
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")

	// And rewriting it again changes nothing.
	again, err := pipeline.Rewrite(pipeline.Config{
		Load:    load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}},
		Version: "v0.1.0",
	})
	if err != nil {
		t.Fatalf("second rewrite: %v", err)
	}
	for _, f := range again.Files {
		t.Errorf("a second rewrite changes %s:\n%s", f.Path, f.New)
	}
}

func isMain(ar *txtar.Archive) bool {
	for _, f := range ar.Files {
		if !goldentest.IsWant(f.Name) && strings.HasSuffix(f.Name, ".go") && !strings.Contains(f.Name, "/") &&
			bytes.Contains(f.Data, []byte("package main\n")) {
			return true
		}
	}
	return false
}

// findingsText lists findings, refusals and notes with positions relative
// to the case's directory.
func findingsText(r *pipeline.Report, dir string) string {
	var b strings.Builder
	for _, f := range r.Findings {
		refused := r.Rewrite.Refused[f.Class]
		fmt.Fprintf(&b, "%s %s %s %s %s rewritable=%v\n", r.Prog.Rel(f.Pos), f.ID, f.Kind, f.Type, f.Confidence, len(refused) == 0)
		for _, e := range f.Evidence {
			g := "-"
			if e.Goroutine.IsValid() {
				g = r.Prog.Rel(e.Goroutine)
			}
			fmt.Fprintf(&b, "\tevidence %s %s goroutine=%s\n", r.Prog.Rel(e.Pos), e.Op, g)
		}
		for _, n := range refused {
			fmt.Fprintf(&b, "\trefused %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
		for _, n := range r.Rewrite.Notes[f.Class] {
			fmt.Fprintf(&b, "\tnote %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
	}
	return b.String()
}

// runProgram runs the rewritten main package and returns what it prints.
func runProgram(t *testing.T, dir string, flags ...string) []byte {
	args := append([]string{"run"}, flags...)
	args = append(args, ".")
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// runInput runs the case's input program under the race detector and
// returns its output and whether it raced. Any other failure is an error.
func runInput(t *testing.T, dir string) (out []byte, racy bool) {
	cmd := exec.Command("go", "run", "-race", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if bytes.Contains(stderr.Bytes(), []byte("WARNING: DATA RACE")) ||
		bytes.Contains(stderr.Bytes(), []byte("fatal error: concurrent map")) {
		return out, true
	}
	if err != nil || stderr.Len() > 0 {
		t.Errorf("the input: go run -race: %v\n%s", err, stderr.Bytes())
	}
	return out, false
}

func goCmd(t *testing.T, dir string, args ...string) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func updateArchive(t *testing.T, file string, ar *txtar.Archive, got map[string][]byte) {
	var files []txtar.File
	for _, f := range ar.Files {
		if !goldentest.IsWant(f.Name) {
			files = append(files, f)
		}
	}
	for _, name := range goldentest.SortedKeys(got, nil) {
		if len(got[name]) > 0 || name == "findings" {
			files = append(files, txtar.File{Name: name, Data: got[name]})
		}
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
		t.Fatal(err)
	}
}
