package rewrite_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/rewrite"
)

// TestRules runs the input of every golden case through the stages up to
// the edit (load, classes, detect, plan, edit) and compares the rewritten
// text with the case's want/ files, and the refusals and notes with those
// of its findings. It builds, vets and runs nothing: that is the golden
// test's part (pipeline), which takes minutes; this one takes seconds, so
// that a rule can be tried while it is written.
//
// The classes planned are those of the findings the case lists, found by
// their IDs: which maps are shared is the detector's question, and the
// golden test (and detect's own tests) answer it.
func TestRules(t *testing.T) {
	for _, c := range goldentest.Cases(t, "../testdata/golden") {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			runRules(t, c)
		})
	}
}

func runRules(t *testing.T, c *goldentest.Case) {
	dir := t.TempDir()
	c.WriteInputs(t, dir)
	want := c.Want()
	wantFindings := string(want["findings"])
	if strings.Contains(wantFindings, ": fixed by holding ") || strings.Contains(wantFindings, ": a sharded map, not the lock: ") {
		// The choice between the lock fix (rewrite/lockfix) and the
		// sharded map is the pipeline's: its golden test runs the case.
		t.Skip("a lock fix case")
	}

	prog, err := load.Load(load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}, KeepGoing: true})
	if prog == nil {
		t.Fatalf("load: %v", err)
	}
	byID := make(map[string]*detect.Finding)
	for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{}) {
		byID[f.ID] = f
	}
	var findings []*detect.Finding
	var classes []*mapclass.Class
	for _, id := range goldentest.FindingIDs(wantFindings) {
		f := byID[id]
		if f == nil {
			t.Fatalf("detect no longer finds %s, which the case rewrites (the golden test in pipeline says more)", id)
		}
		findings = append(findings, f)
		classes = append(classes, f.Class)
	}
	res := rewrite.Plan(prog, classes, rewrite.Options{})
	if err := res.Edit(prog, rewrite.Options{}); err != nil {
		t.Fatalf("edit: %v", err)
	}

	got := make(map[string][]byte)
	for _, ch := range res.Changes {
		rel, err := filepath.Rel(dir, ch.Path)
		if err != nil {
			t.Fatal(err)
		}
		got["want/"+filepath.ToSlash(rel)] = ch.New
	}
	got["findings"] = []byte(rewriteLines(prog, findings, res))
	want["findings"] = []byte(goldentest.RewriteLines(wantFindings))
	delete(want, "output")
	for _, name := range goldentest.SortedKeys(got, want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", name, want[name], got[name])
		}
	}
}

// rewriteLines lists what the plan says of each finding as
// goldentest.RewriteLines keeps it from a case's findings: whether it is
// rewritable, the refusals and the notes.
func rewriteLines(prog *load.Program, findings []*detect.Finding, res *rewrite.Result) string {
	var b strings.Builder
	for _, f := range findings {
		refused := res.Refused[f.Class]
		fmt.Fprintf(&b, "%s rewritable=%v\n", f.ID, len(refused) == 0)
		for _, n := range refused {
			fmt.Fprintf(&b, "\trefused %s: %s\n", prog.Rel(n.Pos), n.Msg)
		}
		for _, n := range res.Notes[f.Class] {
			fmt.Fprintf(&b, "\tnote %s: %s\n", prog.Rel(n.Pos), n.Msg)
		}
	}
	return b.String()
}
