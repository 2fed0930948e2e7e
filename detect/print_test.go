package detect_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestPrintReads runs the printing cases of the corpus on their own: a
// print reads the maps it reaches (through a struct, through a wrapper of
// fmt), %T and %p read none, and prints that fmt or json stop short of a
// map (a String method, an unexported field for json) read nothing.
func TestPrintReads(t *testing.T) {
	want, _ := expectations(t, false)
	var cases, patterns []string
	for c := range want {
		if strings.HasPrefix(c, "print") {
			cases = append(cases, c)
			patterns = append(patterns, "./src/"+c)
		}
	}
	sort.Strings(cases)
	if len(cases) < 4 {
		t.Fatalf("printing cases: %v", cases)
	}
	prog, err := load.Load(load.Config{Dir: "testdata", Tests: true, Patterns: patterns})
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string][]string)
	for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{}) {
		if f.Confidence.AtLeast(detect.Likely) {
			c := caseOf(f.Package)
			got[c] = append(got[c], f.ID)
		}
	}
	for _, c := range cases {
		var w []string
		for id := range want[c] {
			w = append(w, id)
		}
		slices.Sort(w)
		slices.Sort(got[c])
		if !slices.Equal(got[c], w) {
			t.Errorf("%s: findings %v, want %v", c, got[c], w)
		}
	}
}
