// Command labelled scores mapfix against the labelled real-world corpus:
// public modules at pinned versions (testdata/realworld/modules.tsv) whose
// findings people judged by reading the code (testdata/realworld/labels).
//
// For each selected module it copies the module's source out of the module
// cache into a writable folder, fetches its dependencies and builds it once,
// runs `mapfix check -json ./...` there with a mapfix built from this
// repository, keeps the findings, and compares them with the labels. It
// prints markdown tables: findings and check time per module, and per
// confidence level the labelled true and false positives, the unlabelled
// findings and the precision over the labelled ones; then the labelled
// misses (true positives that are no longer found).
//
// It lives in its own module so that it adds nothing to mapfix's go.mod;
// scripts/labelled.sh runs it. See testdata/realworld/README.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Exit statuses: a run that scored every module exits 0 whatever the
// precision; 1 when mapfix failed on a module (no findings to score); 2
// when the run could not be set up (no modules, a bad labels file, a module
// that cannot be downloaded, mapfix that does not build).
const (
	exitOK     = 0
	exitMapfix = 1
	exitSetup  = 2
)

// levels are the confidence levels in the order they are reported; a level
// mapfix prints that is not here is reported after them.
var levels = []string{"observed", "certain", "likely", "possible"}

// readyMarker is written into a source copy once its dependencies are
// fetched and it was built, so that later runs reuse it.
const readyMarker = ".mapfix-realworld-ready"

type options struct {
	repo     string // mapfix's repository root
	dir      string // scratch root: src/, out/, bin/
	modules  string // MODULES: names or "all"
	holdout  bool   // HOLDOUT=1: the holdout set
	fresh    bool   // FRESH=1: copy and build the sources again
	extra    []string
	bin      string // MAPFIX_BIN: a mapfix binary to use instead of building one
	progress io.Writer
}

func main() {
	var o options
	flag.StringVar(&o.repo, "repo", "", "mapfix repository root (default: found from the working directory)")
	flag.StringVar(&o.dir, "dir", envOr("REALWORLD_DIR", "/work/realworld"), "scratch `folder` for sources (src/), findings (out/) and the mapfix binary (bin/)")
	flag.Parse()
	o.modules = os.Getenv("MODULES")
	o.holdout = os.Getenv("HOLDOUT") == "1"
	o.fresh = os.Getenv("FRESH") == "1"
	o.extra = strings.Fields(os.Getenv("MAPFIX_FLAGS"))
	o.bin = os.Getenv("MAPFIX_BIN")
	o.progress = os.Stderr
	os.Exit(run(o, os.Stdout))
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// setupError is a failure that leaves nothing to score.
type setupError struct{ err error }

func (e setupError) Error() string { return e.err.Error() }

func setupf(format string, args ...any) error {
	return setupError{fmt.Errorf(format, args...)}
}

func run(o options, stdout io.Writer) int {
	res, err := runAll(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "labelled: %v\n", err)
		return exitSetup
	}
	var md bytes.Buffer
	writeReport(&md, res)
	if _, err := stdout.Write(md.Bytes()); err != nil {
		return exitSetup
	}
	// One summary per kind of selection, so that a run on a few modules
	// does not overwrite the labelled set's tables.
	name := "summary.md"
	switch {
	case o.modules != "":
		name = "summary-selected.md"
	case o.holdout:
		name = "summary-holdout.md"
	}
	summary := filepath.Join(o.dir, "out", name)
	if err := os.WriteFile(summary, md.Bytes(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "labelled: %v\n", err)
		return exitSetup
	}
	fmt.Fprintf(o.progress, "labelled: wrote %s\n", summary)
	for _, m := range res.modules {
		if m.failed != "" {
			return exitMapfix
		}
	}
	return exitOK
}

// report is everything one run found, ready to print.
type report struct {
	flags   []string // the flags passed to mapfix check
	modules []*moduleResult
}

func runAll(o options) (*report, error) {
	if o.repo == "" {
		root, err := findRepo()
		if err != nil {
			return nil, err
		}
		o.repo = root
	}
	corpus := filepath.Join(o.repo, "testdata", "realworld")
	mods, err := readModules(filepath.Join(corpus, "modules.tsv"))
	if err != nil {
		return nil, setupError{err}
	}
	mods, err = selectModules(mods, o.modules, o.holdout)
	if err != nil {
		return nil, setupError{err}
	}
	labels, err := readLabelDir(filepath.Join(corpus, "labels"), mods)
	if err != nil {
		return nil, setupError{err}
	}
	for _, d := range []string{"src", "out", "bin"} {
		if err := os.MkdirAll(filepath.Join(o.dir, d), 0o755); err != nil {
			return nil, setupError{err}
		}
	}
	bin := o.bin
	if bin == "" {
		bin = filepath.Join(o.dir, "bin", "mapfix")
		fmt.Fprintf(o.progress, "labelled: building mapfix from %s\n", o.repo)
		if out, err := command(o.repo, "go", "build", "-o", bin, "./cmd/mapfix").CombinedOutput(); err != nil {
			return nil, setupf("building mapfix: %v\n%s", err, out)
		}
	} else if bin, err = filepath.Abs(bin); err != nil {
		return nil, setupError{err}
	}
	flags, err := checkFlags(bin)
	if err != nil {
		return nil, setupError{err}
	}
	flags = append(flags, o.extra...)
	rep := &report{flags: flags}
	for _, m := range mods {
		fmt.Fprintf(o.progress, "== %s@%s (%s)\n", m.path, m.version, m.set)
		src, buildErr, err := prepare(o, m)
		if err != nil {
			return nil, setupError{err}
		}
		// Compile what the check loads (test packages included) first, so
		// that the timed check does not pay for filling the build cache:
		// a cold first run of a large module takes many times longer.
		if out, err := command(src, "go", "list", "-e", "-export", "-deps", "-test", "./...").CombinedOutput(); err != nil {
			fmt.Fprintf(o.progress, "   warming the build cache: %v: %s\n", err, firstLine(string(out)))
		}
		r := checkModule(o, bin, flags, m, src)
		r.buildErr = buildErr
		r.score(labels[m.path])
		rep.modules = append(rep.modules, r)
		fmt.Fprintf(o.progress, "   %d findings in %.1fs, %s\n", len(r.findings), r.elapsed.Seconds(), r.outDir)
	}
	return rep, nil
}

// findRepo walks up from the working directory to mapfix's go.mod.
func findRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module github.com/mapfix/mapfix\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", setupf("no mapfix repository above the working directory; pass -repo")
		}
		dir = parent
	}
}

// command runs name in dir with the environment every step shares: the
// module's own go.mod decides (GOFLAGS=-mod=mod lets the go command add
// missing requirements), and no go.work of the scratch folder applies.
func command(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	return cmd
}

var confidenceFlag = regexp.MustCompile(`(?m)^\s*-{1,2}confidence\b`)

// checkFlags returns the flags to pass to mapfix check: -json, and
// -confidence possible when this mapfix has that flag, so that every
// finding is scored whatever the default level.
func checkFlags(bin string) ([]string, error) {
	// urfave/cli prints the help on stdout and exits 0.
	out, err := exec.Command(bin, "check", "-h").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("mapfix check -h: %v\n%s", err, out)
	}
	flags := []string{"-json"}
	if confidenceFlag.Match(out) {
		flags = append(flags, "-confidence", "possible")
	}
	return flags, nil
}

// module is one line of modules.tsv.
type module struct {
	path, version, set, why string
}

// slug is the module path as one file name: slashes become underscores.
func (m module) slug() string { return strings.ReplaceAll(m.path, "/", "_") }

func readModules(file string) ([]module, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var mods []module
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("%s:%d: want module@version<TAB>set<TAB>why", file, n)
		}
		path, version, ok := strings.Cut(cols[0], "@")
		if !ok || path == "" || version == "" {
			return nil, fmt.Errorf("%s:%d: %q is not module@version", file, n, cols[0])
		}
		set := cols[1]
		if set != "labelled" && set != "holdout" {
			return nil, fmt.Errorf("%s:%d: set %q is neither labelled nor holdout", file, n, set)
		}
		if seen[path] {
			return nil, fmt.Errorf("%s:%d: %s is listed twice", file, n, path)
		}
		seen[path] = true
		m := module{path: path, version: version, set: set}
		if len(cols) > 2 {
			m.why = cols[2]
		}
		mods = append(mods, m)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return mods, nil
}

// selectModules picks the modules of a run: those MODULES names (by path,
// path@version or slug; "all" for every one), else the holdout set when
// holdout is set, else the labelled set.
func selectModules(mods []module, names string, holdout bool) ([]module, error) {
	var out []module
	if names = strings.TrimSpace(names); names != "" {
		if names == "all" {
			return mods, nil
		}
		for _, name := range strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
			found := false
			for _, m := range mods {
				if name == m.path || name == m.path+"@"+m.version || name == m.slug() {
					out = append(out, m)
					found = true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("MODULES: %s is not in modules.tsv", name)
			}
		}
		return out, nil
	}
	want := "labelled"
	if holdout {
		want = "holdout"
	}
	for _, m := range mods {
		if m.set == want {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no module selected")
	}
	return out, nil
}

// prepare returns a writable, built copy of m's source, making it when it
// is missing (or FRESH=1). A module that does not build is still checked
// (mapfix reports what it can); buildErr says why it did not build.
func prepare(o options, m module) (src, buildErr string, err error) {
	src = filepath.Join(o.dir, "src", m.slug()+"@"+m.version)
	if !o.fresh {
		if data, err := os.ReadFile(filepath.Join(src, readyMarker)); err == nil {
			return src, strings.TrimSpace(string(data)), nil
		}
	}
	if err := removeAll(src); err != nil {
		return "", "", err
	}
	out, err := command(o.dir, "go", "mod", "download", "-json", m.path+"@"+m.version).Output()
	var dl struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &dl); jerr != nil || dl.Dir == "" {
		return "", "", fmt.Errorf("go mod download %s@%s: %v %s", m.path, m.version, err, dl.Error)
	}
	if out, err := exec.Command("cp", "-R", dl.Dir, src).CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("copying %s: %v\n%s", dl.Dir, err, out)
	}
	if out, err := exec.Command("chmod", "-R", "u+w", src).CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("chmod %s: %v\n%s", src, err, out)
	}
	// Modules from before modules (+incompatible) have no go.mod: make
	// one, so that the go command resolves their imports.
	var steps [][]string
	if _, err := os.Stat(filepath.Join(src, "go.mod")); err != nil {
		steps = append(steps, []string{"go", "mod", "init", m.path}, []string{"go", "mod", "tidy"})
	}
	steps = append(steps, []string{"go", "mod", "download"})
	for _, s := range steps {
		if out, err := command(src, s[0], s[1:]...).CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("%s in %s: %v\n%s", strings.Join(s, " "), src, err, out)
		}
	}
	if out, err := command(src, "go", "build", "./...").CombinedOutput(); err != nil {
		buildErr = firstLine(string(out))
		if buildErr == "" {
			buildErr = err.Error()
		}
		fmt.Fprintf(o.progress, "   does not build: %s\n", buildErr)
	}
	if err := os.WriteFile(filepath.Join(src, readyMarker), []byte(buildErr+"\n"), 0o644); err != nil {
		return "", "", err
	}
	return src, buildErr, nil
}

// removeAll removes dir, which may hold read-only folders from a copy that
// stopped before chmod.
func removeAll(dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	_ = exec.Command("chmod", "-R", "u+w", dir).Run()
	return os.RemoveAll(dir)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// finding is what the scoring reads of one finding of mapfix check -json.
type finding struct {
	ID         string `json:"id"`
	Confidence string `json:"confidence"`
	Pos        string `json:"pos"`
}

// moduleResult is one module's check and its score.
type moduleResult struct {
	mod      module
	src      string
	outDir   string
	buildErr string // why the module did not build, or ""
	failed   string // why mapfix gave no findings, or ""
	loadErrs int    // packages mapfix could not check
	elapsed  time.Duration
	maxRSS   int64 // bytes; 0 when unknown
	findings []finding

	byLevel map[string]*tally
	misses  []label // tp labels whose ID is not found
	fpGone  int     // fp labels whose ID is not found
	stale   int     // labels made at another version
}

// tally counts one confidence level's findings.
type tally struct {
	findings, tp, fp, unlabelled int
}

func (t *tally) add(u *tally) {
	t.findings += u.findings
	t.tp += u.tp
	t.fp += u.fp
	t.unlabelled += u.unlabelled
}

// precision is tp/(tp+fp) over the labelled findings, "-" when none is.
func (t *tally) precision() string {
	if t.tp+t.fp == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(t.tp)/float64(t.tp+t.fp))
}

func checkModule(o options, bin string, flags []string, m module, src string) *moduleResult {
	r := &moduleResult{mod: m, src: src, outDir: filepath.Join(o.dir, "out", m.slug())}
	if err := os.MkdirAll(r.outDir, 0o755); err != nil {
		r.failed = err.Error()
		return r
	}
	var stdout, stderr bytes.Buffer
	cmd := command(src, bin, append(append([]string{"check"}, flags...), "./...")...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r.elapsed = time.Since(start)
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
		}
	}
	_ = os.WriteFile(filepath.Join(r.outDir, "findings.json"), stdout.Bytes(), 0o644)
	_ = os.WriteFile(filepath.Join(r.outDir, "check.stderr"), stderr.Bytes(), 0o644)
	// Exit 1 means findings; 2 with a JSON object means some packages did
	// not load and the others were checked.
	var out struct {
		Findings []finding `json:"findings"`
		Errors   []string  `json:"errors"`
	}
	if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
		r.failed = fmt.Sprintf("mapfix check: %v: %s", err, firstLine(stderr.String()))
		fmt.Fprintf(o.progress, "   %s\n", r.failed)
		return r
	}
	r.findings = out.Findings
	r.loadErrs = len(out.Errors)
	return r
}

// score compares the findings with the module's labels.
func (r *moduleResult) score(labels map[string]label) {
	r.byLevel = map[string]*tally{}
	found := map[string]bool{}
	for _, f := range r.findings {
		found[f.ID] = true
		t := r.byLevel[f.Confidence]
		if t == nil {
			t = &tally{}
			r.byLevel[f.Confidence] = t
		}
		t.findings++
		switch l, ok := labels[f.ID]; {
		case !ok:
			t.unlabelled++
		case l.tp:
			t.tp++
		default:
			t.fp++
		}
	}
	ids := make([]string, 0, len(labels))
	for id := range labels {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		l := labels[id]
		if l.version != r.mod.version {
			r.stale++
		}
		if found[id] {
			continue
		}
		if l.tp {
			r.misses = append(r.misses, l)
		} else {
			r.fpGone++
		}
	}
}

// label is one judged finding.
type label struct {
	id       string
	tp       bool
	version  string
	evidence string
	where    string // file:line of the label
}

// readLabelDir reads the labels files of mods, keyed by module path and
// finding ID. A missing file is no labels yet.
func readLabelDir(dir string, mods []module) (map[string]map[string]label, error) {
	out := map[string]map[string]label{}
	for _, m := range mods {
		file := filepath.Join(dir, m.slug()+".tsv")
		data, err := os.ReadFile(file)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ls, err := parseLabels(file, data, m.path)
		if err != nil {
			return nil, err
		}
		out[m.path] = ls
	}
	return out, nil
}

// parseLabels reads one labels file: finding ID, tp|fp, module@version and
// one line of evidence, tab-separated; # starts a comment line.
func parseLabels(file string, data []byte, modPath string) (map[string]label, error) {
	out := map[string]label{}
	for n, line := range strings.Split(string(data), "\n") {
		where := fmt.Sprintf("%s:%d", file, n+1)
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", 4)
		if len(cols) != 4 {
			return nil, fmt.Errorf("%s: want 4 tab-separated columns (id, tp|fp, module@version, evidence), got %d", where, len(cols))
		}
		id, verdict, modVer, evidence := strings.TrimSpace(cols[0]), strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2]), strings.TrimSpace(cols[3])
		if id == "" {
			return nil, fmt.Errorf("%s: empty finding ID", where)
		}
		if verdict != "tp" && verdict != "fp" {
			return nil, fmt.Errorf("%s: verdict %q is neither tp nor fp", where, verdict)
		}
		path, version, ok := strings.Cut(modVer, "@")
		if !ok || path != modPath || version == "" {
			return nil, fmt.Errorf("%s: %q is not %s@version", where, modVer, modPath)
		}
		if evidence == "" {
			return nil, fmt.Errorf("%s: a label needs one line of evidence with file:line", where)
		}
		l := label{id: id, tp: verdict == "tp", version: version, evidence: evidence, where: where}
		if prev, ok := out[id]; ok {
			if prev.tp != l.tp || prev.version != l.version {
				return nil, fmt.Errorf("%s: %s is labelled again, differently, at %s", where, id, prev.where)
			}
			continue
		}
		out[id] = l
	}
	return out, nil
}

// levelsOf returns the levels to report: the known ones, then any other
// that the findings name.
func levelsOf(mods []*moduleResult) []string {
	out := append([]string(nil), levels...)
	known := map[string]bool{}
	for _, l := range levels {
		known[l] = true
	}
	var extra []string
	for _, r := range mods {
		for l := range r.byLevel {
			if !known[l] {
				known[l] = true
				extra = append(extra, l)
			}
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func (r *moduleResult) level(l string) *tally {
	if t := r.byLevel[l]; t != nil {
		return t
	}
	return &tally{}
}

func writeReport(w io.Writer, rep *report) {
	ls := levelsOf(rep.modules)
	fmt.Fprintf(w, "mapfix check %s ./...\n\n", strings.Join(rep.flags, " "))

	fmt.Fprintf(w, "| module | set | check time | peak RSS | findings |")
	for _, l := range ls {
		fmt.Fprintf(w, " %s |", l)
	}
	fmt.Fprintf(w, " labelled misses | notes |\n|---|---|---:|---:|---:|")
	for range ls {
		fmt.Fprintf(w, "---:|")
	}
	fmt.Fprintf(w, "---:|---|\n")
	var total time.Duration
	for _, r := range rep.modules {
		total += r.elapsed
		fmt.Fprintf(w, "| %s@%s | %s | %.1fs | %s | %d |", r.mod.path, r.mod.version, r.mod.set, r.elapsed.Seconds(), mib(r.maxRSS), len(r.findings))
		for _, l := range ls {
			fmt.Fprintf(w, " %d |", r.level(l).findings)
		}
		fmt.Fprintf(w, " %d | %s |\n", len(r.misses), notes(r))
	}
	fmt.Fprintf(w, "\nTotal check time %.1fs.\n", total.Seconds())

	fmt.Fprintf(w, "\n| confidence | findings | tp | fp | unlabelled | precision |\n|---|---:|---:|---:|---:|---:|\n")
	all := &tally{}
	for _, group := range append([][]string{{"observed", "certain"}}, splitLevels(ls)...) {
		t := &tally{}
		for _, r := range rep.modules {
			for _, l := range group {
				t.add(r.level(l))
			}
		}
		if len(group) == 1 {
			all.add(t)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %s |\n", strings.Join(group, "+"), t.findings, t.tp, t.fp, t.unlabelled, t.precision())
	}
	fmt.Fprintf(w, "| all | %d | %d | %d | %d | %s |\n", all.findings, all.tp, all.fp, all.unlabelled, all.precision())

	for _, l := range ls {
		fmt.Fprintf(w, "\n%s:\n\n| module | findings | tp | fp | unlabelled | precision |\n|---|---:|---:|---:|---:|---:|\n", l)
		sum := &tally{}
		for _, r := range rep.modules {
			t := r.level(l)
			sum.add(t)
			fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %s |\n", r.mod.path, t.findings, t.tp, t.fp, t.unlabelled, t.precision())
		}
		fmt.Fprintf(w, "| all | %d | %d | %d | %d | %s |\n", sum.findings, sum.tp, sum.fp, sum.unlabelled, sum.precision())
	}

	fmt.Fprintf(w, "\nLabelled misses (judged real, no longer found):\n\n")
	n := 0
	for _, r := range rep.modules {
		for _, l := range r.misses {
			n++
			fmt.Fprintf(w, "- %s (%s@%s): %s\n", l.id, r.mod.path, l.version, l.evidence)
		}
	}
	if n == 0 {
		fmt.Fprintf(w, "- none\n")
	}
	fmt.Fprintf(w, "\nFindings: ")
	for i, r := range rep.modules {
		if i > 0 {
			fmt.Fprintf(w, ", ")
		}
		fmt.Fprintf(w, "%s", filepath.Join(r.outDir, "findings.json"))
	}
	fmt.Fprintf(w, "\n")
}

func splitLevels(ls []string) [][]string {
	out := make([][]string, len(ls))
	for i, l := range ls {
		out[i] = []string{l}
	}
	return out
}

// notes says what else a reader of a module's row must know.
func notes(r *moduleResult) string {
	var s []string
	if r.failed != "" {
		s = append(s, "MAPFIX FAILED: "+strings.ReplaceAll(r.failed, "|", `\|`))
	}
	if r.loadErrs > 0 {
		s = append(s, fmt.Sprintf("%d package errors", r.loadErrs))
	}
	if r.buildErr != "" {
		s = append(s, "does not build")
	}
	if r.fpGone > 0 {
		s = append(s, fmt.Sprintf("%d fp labels no longer found", r.fpGone))
	}
	if r.stale > 0 {
		s = append(s, fmt.Sprintf("%d labels from another version", r.stale))
	}
	return strings.Join(s, "; ")
}

func mib(b int64) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}
