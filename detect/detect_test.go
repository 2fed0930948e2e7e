package detect_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Each directory of testdata/src is a case: a small program whose files
// declare the expected findings in comments, one per line:
//
//	// want shared "corpus/src/case.ID"
//	// want none
//	// want exported "corpus/src/case.ID"   (only with Options.Exported)
//	// want suggestion "corpus/src/case.ID" "hold ... as N other accesses do"
//
// and which were run once under the race detector (the "verified:" line
// of each case). A finding with no suggestion line must have no
// suggestion. What the detector is known to get wrong is declared too, so
// that recall and precision count it and the case still says the truth:
//
//	// known miss "corpus/src/case.ID" "why"    (shared, not reported)
//	// known false "corpus/src/case.ID" "why"   (not shared, reported)
//
// The test fails when a known mistake is no longer made, so that the line
// is removed with the fix.

var wantRE = regexp.MustCompile(`^\s*// want (shared "([^"]+)"|none|exported "([^"]+)"|suggestion "([^"]+)" "(.*)")\s*$`)

var knownRE = regexp.MustCompile(`^\s*// known (miss|false|suggestion) "([^"]+)" "(.+)"\s*$`)

// knownMistakes reads the known lines of every case: IDs the detector
// misses, IDs it reports falsely, and IDs whose suggestion is wrong.
func knownMistakes(t *testing.T) (miss, falsePos, suggestion map[string]string) {
	t.Helper()
	miss, falsePos, suggestion = make(map[string]string), make(map[string]string), make(map[string]string)
	files, err := filepath.Glob("testdata/src/*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if m := knownRE.FindStringSubmatch(line); m != nil {
				switch m[1] {
				case "miss":
					miss[m[2]] = m[3]
				case "false":
					falsePos[m[2]] = m[3]
				default:
					suggestion[m[2]] = m[3]
				}
			}
		}
	}
	return miss, falsePos, suggestion
}

// testOnlyCases returns the cases that say their race is the tests' only
// ("// expect: finding in the test only"): the finding must say so.
func testOnlyCases(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("testdata/src/*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]bool)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "\n// expect: finding in the test only") {
			out[filepath.Base(filepath.Dir(f))] = true
		}
	}
	return out
}

// idCase returns the case of a finding ID "corpus/src/case.Name...".
func idCase(id string) string {
	rest := strings.TrimPrefix(id, "corpus/src/")
	if i := strings.IndexAny(rest, "./"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// expectations reads the want lines of every case: the shared ones, or
// with exported the additional findings of Options.Exported; and the
// suggestions expected of findings, by ID.
func expectations(t *testing.T, exported bool) (map[string]map[string]bool, map[string]string) {
	t.Helper()
	dirs, err := os.ReadDir("testdata/src")
	if err != nil {
		t.Fatal(err)
	}
	want := make(map[string]map[string]bool)
	suggestions := make(map[string]string)
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		ids := make(map[string]bool)
		declared := false
		files, _ := filepath.Glob(filepath.Join("testdata/src", d.Name(), "*.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				m := wantRE.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				if m[4] != "" {
					suggestions[m[4]] = m[5]
					continue
				}
				declared = true
				if m[2] != "" {
					ids[m[2]] = true
				}
				if m[3] != "" && exported {
					ids[m[3]] = true
				}
			}
		}
		if !declared {
			t.Errorf("case %s declares no // want line", d.Name())
		}
		want[d.Name()] = ids
	}
	return want, suggestions
}

// caseOf returns the case directory of a package path "corpus/src/case...".
func caseOf(pkg string) string {
	rest := strings.TrimPrefix(pkg, "corpus/src/")
	if i := strings.IndexAny(rest, "/"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, "_test")
}

func TestCorpus(t *testing.T) {
	check(t, detect.Options{})
}

// TestExported checks that -exported adds the possible findings, and only
// those.
func TestExported(t *testing.T) {
	findings := check(t, detect.Options{Exported: true})
	for _, f := range findings {
		if f.ID == "corpus/src/exportedlib.names" && f.Confidence != detect.Possible {
			t.Errorf("%s: confidence %s, want possible", f.ID, f.Confidence)
		}
	}
}

var (
	loadOnce sync.Once
	loaded   *load.Program
	loadErr  error
)

// corpus loads every case once.
func corpus(t *testing.T) *load.Program {
	t.Helper()
	loadOnce.Do(func() {
		loaded, loadErr = load.Load(load.Config{Dir: "testdata", Tests: true, Patterns: []string{"./src/..."}})
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

// check runs Run over the corpus and compares the finding IDs of each case
// with its want lines; it logs recall and precision.
func check(t *testing.T, opts detect.Options) []*detect.Finding {
	want, suggestions := expectations(t, opts.Exported)
	shared, _ := expectations(t, false) // without the exported ones
	prog := corpus(t)
	var findings []*detect.Finding
	for _, f := range detect.Run(prog, mapclass.Build(prog), opts) {
		// check shows possible findings only when asked: they are not
		// witnessed, so the corpus does not count them.
		if f.Confidence.AtLeast(detect.Likely) || (opts.Exported && want[caseOf(f.Package)][f.ID] && !shared[caseOf(f.Package)][f.ID]) {
			findings = append(findings, f)
		}
	}
	got := make(map[string]map[string]*detect.Finding)
	for _, f := range findings {
		c := caseOf(f.Package)
		if got[c] == nil {
			got[c] = make(map[string]*detect.Finding)
		}
		got[c][f.ID] = f
	}
	var tp, fp, fn int
	cases := make([]string, 0, len(want))
	for c := range want {
		cases = append(cases, c)
	}
	sort.Strings(cases)
	knownMiss, knownFalse, knownSuggestion := knownMistakes(t)
	inTests := testOnlyCases(t)
	for _, c := range cases {
		for id := range want[c] {
			switch {
			case got[c][id] != nil && knownMiss[id] != "":
				tp++
				t.Errorf("%s: %s is found now: remove its known miss line", c, id)
			case got[c][id] != nil:
				tp++
			case knownMiss[id] != "":
				fn++
				t.Logf("%s: known miss %s: %s", c, id, knownMiss[id])
			default:
				fn++
				t.Errorf("%s: missed %s", c, id)
			}
		}
		for id := range knownFalse {
			if idCase(id) == c && got[c][id] == nil && !want[c][id] {
				t.Errorf("%s: %s is no longer reported: remove its known false line", c, id)
			}
		}
		for id, f := range got[c] {
			if f.InTests != inTests[c] {
				t.Errorf("%s: %s in tests only = %v, want %v", c, id, f.InTests, inTests[c])
			}
			if f.Suggestion != suggestions[id] && knownSuggestion[id] == "" && knownFalse[id] == "" {
				t.Errorf("%s: %s suggests %q, want %q", c, id, f.Suggestion, suggestions[id])
			}
			if !want[c][id] {
				fp++
				if knownFalse[id] != "" {
					t.Logf("%s: known false finding %s: %s", c, id, knownFalse[id])
					continue
				}
				t.Errorf("%s: unexpected finding %s", c, id)
				logFinding(t, prog, f)
			}
		}
	}
	for c := range got {
		if want[c] == nil {
			t.Errorf("finding in a package of no case: %s", c)
		}
	}
	recall, precision := ratio(tp, tp+fn), ratio(tp, tp+fp)
	t.Logf("corpus: %d cases, %d true positives, %d false positives, %d missed: recall %.2f, precision %.2f",
		len(cases), tp, fp, fn, recall, precision)
	if testing.Verbose() {
		for _, f := range findings {
			logFinding(t, prog, f)
		}
	}
	return findings
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func logFinding(t *testing.T, prog *load.Program, f *detect.Finding) {
	t.Helper()
	var ev []string
	for _, e := range f.Evidence {
		g := "main"
		if e.Goroutine.IsValid() {
			g = prog.Rel(e.Goroutine)
		}
		ev = append(ev, e.Op+"@"+prog.Rel(e.Pos)+" (goroutine "+g+")")
	}
	t.Logf("%s %s %s %s %s [%s] %s", prog.Rel(f.Pos), f.ID, f.Kind, f.Type, f.Confidence, strings.Join(ev, "; "), f.Suggestion)
}
