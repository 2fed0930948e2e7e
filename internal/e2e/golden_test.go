package e2e_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/pipeline/pipelinetest"
	"github.com/mapfix/mapfix/templates"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the actual output")

// goldenVersion is the mapfix version the golden cases are rewritten with.
const goldenVersion = "v0.1.0"

// TestGolden runs every case of testdata/golden: the input files are
// rewritten, and the result must match the case's want/ files and
// findings, build, and pass go vet. A case with a main package is also a
// differential test: the input runs under the race detector first; the
// rewritten program must run there with no race and print the case's
// expected output, which must equal the input's output when the input did
// not race.
//
// The format of a case is described in internal/goldentest.
//
// One go command per case and step (about two hundred of them, each
// starting up, loading its module and linking) took a third of this
// test's time. So the inputs and the expected outputs of all cases are
// laid out first as two workspaces of one module per case, and each is
// built under the race detector, and the outputs vetted, by one go command
// that schedules every package over all cores (see goldenBuild). A case
// then rewrites its own copy of the input, and runs the binaries of the
// batch when its output is exactly the expected one: the batch built that
// very text. When it is not (a failing case, or -update), or the batch
// failed, the case builds, vets and runs its own output alone, as a
// single case would, so that every error is told against its case. A run
// of chosen cases (-run TestGolden/name) builds them alone too, rather
// than every case.
func TestGolden(t *testing.T) {
	t.Parallel() // beside the package's other slow tests
	cases := goldentest.Cases(t, "../../testdata/golden")
	cases = append(cases, goldentest.SyncMapCases(t, "../../testdata/golden")...)
	var b *goldenBuild
	// Under -update the expected outputs are about to change.
	if !*update && !strings.Contains(flag.Lookup("test.run").Value.String(), "/") {
		b = buildGolden(t, cases)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, c, b)
		})
	}
}

func runGolden(t *testing.T, c *goldentest.Case, b *goldenBuild) {
	dir := t.TempDir()
	c.WriteInputs(t, dir)
	main := isMain(c.Archive)
	// The differential half: run the input first, under the race
	// detector, to learn whether it races and what it prints.
	var input []byte
	racy := false
	if main {
		input, racy = runInput(t, b.binary("in", c), dir)
	}
	// Golden cases test the rewrite of maps the case shares; how sure the
	// detector is of them is the detect corpus's business, so every
	// finding is acted on. A case of the sync.Map migration runs rewrite
	// -syncmap instead.
	files, findings := goldenRewrite(t, c, dir, detect.Possible)

	got := map[string][]byte{"findings": []byte(findings)}
	generated := make(map[string][]byte)
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		rel = filepath.ToSlash(rel)
		if g, ok := strings.CutPrefix(rel, pipeline.GeneratedDir+"/"); ok {
			generated[g] = f.New
		} else {
			got["want/"+rel] = f.New
		}
		goldentest.WriteFile(t, f.Path, f.New)
	}
	want := c.Want()
	// The batch built the case's expected files, with the generated
	// package beside them when they import it: its binaries and verdicts
	// stand for this output only when the rewrite wrote exactly that.
	modPath, _ := caseModule(t, c)
	needGen := importsGenerated(want, modPath)
	asBuilt := b.ok() && sameFiles(got, want) && sameGenerated(generated, needGen)
	if needGen && !sameGenerated(generated, true) {
		t.Errorf("the rewrite wrote %d files of the generated package, want the %d files of templates.ShardedMap unchanged", len(generated), len(templates.ShardedMap(goldenVersion)))
	}
	if !asBuilt {
		b = nil // build this output on its own, below
	}

	if main {
		got["output"] = runOutput(t, b.binary("want", c), dir)
		// A program that did not race must print exactly what it printed
		// before; one that raced is held to the case's exact output (no
		// lost increment), which a person checked.
		if !racy && !bytes.Equal(input, got["output"]) {
			t.Errorf("the rewritten program prints something else than the input:\n--- input\n%s\n--- rewritten\n%s", input, got["output"])
		}
	}

	if *update {
		updateArchive(t, c.File, c.Archive, got)
		return
	}
	for _, name := range goldentest.SortedKeys(got, want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", name, want[name], got[name])
		}
	}

	// Every expected output must build and pass go vet, tests included:
	// the batch did both for all cases whose output it built.
	if !asBuilt {
		goCmd(t, dir, nil, "build", "./...")
		goCmd(t, dir, nil, "vet", "./...")
	}

	// And rewriting it again changes nothing.
	again, _ := goldenRewrite(t, c, dir, "")
	for _, f := range again {
		t.Errorf("a second rewrite changes %s:\n%s", f.Path, f.New)
	}
}

// goldenRewrite rewrites the case's files in dir, acting on the findings
// at least as sure as min (empty: rewrite's default), and returns the files
// to write and the findings text. A case of the sync.Map migration runs it
// (syncMapRewrite) instead of the shared-map rewrite.
func goldenRewrite(t *testing.T, c *goldentest.Case, dir string, min detect.Confidence) ([]apply.File, string) {
	if strings.HasPrefix(c.Name, goldentest.SyncMapPrefix) {
		return syncMapRewrite(t, dir)
	}
	r, err := pipeline.Rewrite(pipeline.Config{
		Load:       load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}},
		Version:    goldenVersion,
		Confidence: min,
	})
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	return r.Files, pipelinetest.FindingsText(r)
}

// goldenBuild is the one build of every case's input and expected output.
// Each tree is a go.work workspace of one module per case (the case
// modules' paths differ), so that one go command builds, or vets, every
// package of every case. A nil *goldenBuild has built nothing.
type goldenBuild struct {
	root string
	// failed is set when a batch command failed: its verdict cannot be
	// told per case, so every case then builds on its own.
	failed bool
	// mains names the binary of each case with a main package (the base
	// of its module path), for the cases whose base is unique.
	mains map[string]string
}

func (b *goldenBuild) ok() bool { return b != nil && !b.failed }

// binDir is the folder of the batch's binaries of one tree ("in" or
// "want").
func (b *goldenBuild) binDir(tree string) string { return filepath.Join(b.root, "bin", tree) }

// binary returns the batch's binary of the case in tree ("in" or "want"),
// or "" when there is none and the case must build its own.
func (b *goldenBuild) binary(tree string, c *goldentest.Case) string {
	if !b.ok() || b.mains[c.Name] == "" {
		return ""
	}
	return filepath.Join(b.binDir(tree), b.mains[c.Name])
}

// buildGolden lays out the cases' inputs and expected outputs and builds
// them: the mains of both under the race detector (into bin/in and
// bin/want), every package of the outputs with them, and go vet over the
// outputs. A failed command is logged and sets failed; the cases then say
// what failed, each on its own.
func buildGolden(t *testing.T, cases []*goldentest.Case) *goldenBuild {
	b := &goldenBuild{root: t.TempDir(), mains: make(map[string]string)}
	inDir, wantDir := filepath.Join(b.root, "in"), filepath.Join(b.root, "want")
	var ins, wants, goLines []string
	bases := make(map[string]int)
	for _, c := range cases {
		ar := c.Archive
		modPath, goLine := caseModule(t, c)
		if goLine != "" {
			goLines = append(goLines, goLine)
		}
		// The expected output: the input, with each want/ file in place
		// of its input, and the generated package when they import it.
		out := filepath.Join(wantDir, c.Name)
		c.WriteInputs(t, out)
		for _, f := range ar.Files {
			if rel, ok := strings.CutPrefix(f.Name, "want/"); ok {
				goldentest.WriteFile(t, filepath.Join(out, rel), f.Data)
			}
		}
		if importsGenerated(c.Want(), modPath) {
			for _, f := range templates.ShardedMap(goldenVersion) {
				goldentest.WriteFile(t, filepath.Join(out, pipeline.GeneratedDir, f.Name), f.Content)
			}
		}
		wants = append(wants, "./"+c.Name+"/...")
		if isMain(ar) {
			c.WriteInputs(t, filepath.Join(inDir, c.Name))
			ins = append(ins, "./"+c.Name)
			b.mains[c.Name] = path.Base(modPath)
			bases[path.Base(modPath)]++
		}
	}
	for name, base := range b.mains {
		if bases[base] > 1 { // two binaries of one name: each case builds its own
			delete(b.mains, name)
		}
	}
	goLine := maxGoLine(goLines)
	writeWork := func(dir string, patterns []string) {
		var w strings.Builder
		fmt.Fprintf(&w, "go %s\n\nuse (\n", goLine)
		for _, p := range patterns {
			fmt.Fprintf(&w, "\t./%s\n", strings.TrimSuffix(strings.TrimPrefix(p, "./"), "/..."))
		}
		w.WriteString(")\n")
		goldentest.WriteFile(t, filepath.Join(dir, "go.work"), []byte(w.String()))
	}
	writeWork(inDir, ins)
	writeWork(wantDir, wants)

	run := func(dir string, args ...string) {
		if b.failed {
			return
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(dir, "go.work"))
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("go %s over all cases: %v", args[0], time.Since(start).Round(time.Millisecond))
		if err != nil {
			t.Logf("go %s over all cases: %v (each case now builds on its own)\n%s", args[0], err, lastLines(out, 20))
			b.failed = true
		}
	}
	// -o with a folder writes each main package's binary there and
	// builds the other packages without keeping them. -trimpath keeps the
	// folders, new in every run, out of the build cache's keys, so that a
	// case whose text did not change is not compiled again next run.
	if len(ins) > 0 {
		run(inDir, append([]string{"build", "-race", "-trimpath", "-o", b.binDir("in") + string(filepath.Separator)}, ins...)...)
	}
	run(wantDir, append([]string{"build", "-race", "-trimpath", "-o", b.binDir("want") + string(filepath.Separator)}, wants...)...)
	run(wantDir, append([]string{"vet", "-trimpath"}, wants...)...)
	return b
}

// maxGoLine returns the highest of the cases' go versions, the least a
// workspace of them may declare.
func maxGoLine(lines []string) string {
	best := "1.21"
	for _, l := range lines {
		if versionLess(best, l) {
			best = l
		}
	}
	return best
}

// versionLess compares dotted Go versions such as 1.20 and 1.26.1.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// caseModule returns the module path and go version of the case's go.mod.
func caseModule(t *testing.T, c *goldentest.Case) (modPath, goVersion string) {
	for _, f := range c.Archive.Files {
		if f.Name != "go.mod" {
			continue
		}
		mf, err := modfile.ParseLax(f.Name, f.Data, nil)
		if err != nil || mf.Module == nil {
			t.Fatalf("%s: go.mod: %v", c.Name, err)
		}
		if mf.Go != nil {
			goVersion = mf.Go.Version
		}
		return mf.Module.Mod.Path, goVersion
	}
	t.Fatalf("%s: no go.mod at the root of the case", c.Name)
	return "", ""
}

// importsGenerated reports whether an expected file imports the generated
// package: the sharded map's rewrite does, a lock fix does not.
func importsGenerated(want map[string][]byte, modPath string) bool {
	quoted := []byte(`"` + path.Join(modPath, pipeline.GeneratedDir) + `"`)
	for name, data := range want {
		if strings.HasPrefix(name, "want/") && bytes.Contains(data, quoted) {
			return true
		}
	}
	return false
}

// sameFiles reports whether the rewrite wrote exactly the expected files.
func sameFiles(got, want map[string][]byte) bool {
	for _, name := range goldentest.SortedKeys(got, want) {
		if strings.HasPrefix(name, "want/") && !bytes.Equal(got[name], want[name]) {
			return false
		}
	}
	return true
}

// sameGenerated reports whether the generated files written are the whole
// generated package (when some file was rewritten) or nothing.
func sameGenerated(gen map[string][]byte, wanted bool) bool {
	if !wanted {
		return len(gen) == 0
	}
	files := templates.ShardedMap(goldenVersion)
	if len(gen) != len(files) {
		return false
	}
	for _, f := range files {
		if !bytes.Equal(gen[f.Name], f.Content) {
			return false
		}
	}
	return true
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

// raceBinary returns bin when the batch built it, and otherwise builds the
// main package in dir under the race detector (the error is the case's).
func raceBinary(t *testing.T, bin, dir string) string {
	if bin != "" {
		return bin
	}
	bin = filepath.Join(t.TempDir(), "prog")
	if !goCmd(t, dir, nil, "build", "-race", "-o", bin, ".") {
		return ""
	}
	return bin
}

// runOutput runs the rewritten main package under the race detector and
// returns what it prints; any race or other failure is an error.
func runOutput(t *testing.T, bin, dir string) []byte {
	bin = raceBinary(t, bin, dir)
	if bin == "" {
		return nil
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("the rewritten program under -race: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// runInput runs the case's input program under the race detector and
// returns its output and whether it raced. Any other failure is an error.
func runInput(t *testing.T, bin, dir string) (out []byte, racy bool) {
	bin = raceBinary(t, bin, dir)
	if bin == "" {
		return nil, false
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if bytes.Contains(stderr.Bytes(), []byte("WARNING: DATA RACE")) ||
		bytes.Contains(stderr.Bytes(), []byte("fatal error: concurrent map")) {
		return out, true
	}
	if err != nil || stderr.Len() > 0 {
		t.Errorf("the input under -race: %v\n%s", err, stderr.Bytes())
	}
	return out, false
}

// goCmd runs the go command in dir with env added, and reports whether it
// succeeded; a failure is an error of the test.
func goCmd(t *testing.T, dir string, env []string, args ...string) bool {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		return false
	}
	return true
}

// lastLines returns at most the last n lines of out.
func lastLines(out []byte, n int) []byte {
	lines := bytes.SplitAfter(out, []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return bytes.Join(lines, nil)
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
