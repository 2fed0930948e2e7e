package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
)

// corpus is the detection corpus: a module of one small program per case,
// each declaring its expected findings in "// want shared" lines.
const corpus = "../../detect/testdata"

// TestVetMatchesCheck builds mapfix-vet, runs it under go vet on the
// detection corpus, and compares its diagnostics with what mapfix check
// (pipeline.Check) finds on the same packages: the same maps, at the same
// declaration positions, in the same words.
func TestVetMatchesCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mapfix-vet and runs go vet over a module")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir, err := filepath.Abs(corpus)
	if err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(t.TempDir(), "mapfix-vet")
	build := exec.Command(goCmd, "build", "-o", tool, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	vet := exec.Command(goCmd, "vet", "-vettool="+tool, "-json", "./src/...")
	vet.Dir = dir
	vet.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	vet.Stdout, vet.Stderr = &stdout, &stderr
	if err := vet.Run(); err != nil {
		t.Fatalf("go vet: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	// go vet -json writes to standard output since Go 1.26, to standard
	// error before.
	out := stdout.Bytes()
	if len(bytes.TrimSpace(out)) == 0 {
		out = stderr.Bytes()
	}
	got := parseVetJSON(t, out)

	r, err := pipeline.Check(pipeline.Config{Load: load.Config{Dir: dir, Tests: true, Patterns: []string{"./src/..."}}})
	if err != nil {
		t.Fatal(err)
	}
	want := make(map[string]bool)
	for _, f := range r.Findings {
		pos := r.Prog.Fset.Position(f.Pos)
		want[fmt.Sprintf("%s:%d:%d: %s %s (%s) is shared between goroutines without a lock [%s]",
			pos.Filename, pos.Line, pos.Column, f.Kind, f.Name, f.Type, f.Confidence)] = true
	}

	for _, d := range sorted(want) {
		if !got[d] {
			t.Errorf("mapfix check found, go vet did not: %s", d)
		}
	}
	for _, d := range sorted(got) {
		if !want[d] {
			t.Errorf("go vet found, mapfix check did not: %s", d)
		}
	}
	// Whether each case's verdict is right is detect's test; here it is
	// enough that the drivers agree on something.
	n := wantShared(t, dir)
	if n > 0 && len(want) == 0 {
		t.Errorf("the corpus declares %d shared maps and mapfix check found none", n)
	}
	t.Logf("the corpus declares %d shared maps; mapfix check found %d, go vet %d", n, len(want), len(got))
}

// vetDiagnostic is the part of go vet -json's output the test compares.
type vetDiagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// parseVetJSON reads go vet -json's stream of objects, one per package:
// {"pkg": {"sharedmap": [diagnostics] or {"error": ...}}}, possibly with
// "# pkg" header lines between them.
func parseVetJSON(t *testing.T, out []byte) map[string]bool {
	t.Helper()
	var body bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			body.WriteString(sc.Text())
			body.WriteByte('\n')
		}
	}
	got := make(map[string]bool)
	dec := json.NewDecoder(&body)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("go vet -json output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []vetDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s: %s", pkg, name, raw) // {"error": ...}
					continue
				}
				for _, d := range diags {
					got[d.Posn+": "+d.Message] = true
				}
			}
		}
	}
	return got
}

var wantSharedRE = regexp.MustCompile(`(?m)^\s*// want shared "`)

// wantShared counts the shared maps the corpus's cases declare.
func wantShared(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "src", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += len(wantSharedRE.FindAll(b, -1))
	}
	return n
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
