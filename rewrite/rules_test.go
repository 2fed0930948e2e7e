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
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/rewrite"
)

// TestRules runs the input of every golden case through the stages up to
// the edit (load, classes, detect, plan, edit) and compares the rewritten
// text with the case's want/ files, and the refusals and notes with those
// of its findings. It builds, vets and runs nothing: that is the golden
// test's part (pipeline), which takes minutes; this one takes seconds, so
// that a rule can be tried while it is written.
//
// The classes to rewrite are chosen by pipeline.Check, as a rewrite chooses
// them, so that this test sees the plan the golden outputs were made from.
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
	// Every finding is acted on, as in the golden test: how sure the
	// detector is of them is the detect corpus's business.
	r, err := pipeline.Check(pipeline.Config{
		Load:       load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}, KeepGoing: true},
		Confidence: detect.Possible,
	})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if err := r.Rewrite.Apply(r.Prog, rewrite.Options{}); err != nil {
		t.Fatalf("edit: %v", err)
	}

	want := c.Want()
	got := make(map[string][]byte)
	for _, ch := range r.Rewrite.Changes {
		rel, err := filepath.Rel(dir, ch.Path)
		if err != nil {
			t.Fatal(err)
		}
		got["want/"+filepath.ToSlash(rel)] = ch.New
	}
	got["findings"] = []byte(rewriteLines(r))
	want["findings"] = []byte(keepRewriteLines(string(want["findings"])))
	delete(want, "output")
	for _, name := range goldentest.SortedKeys(got, want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", name, want[name], got[name])
		}
	}
}

// rewriteLines lists what the plan says of each finding, in the words of
// a golden case's findings: whether it is rewritable, the refusals and the
// notes.
func rewriteLines(r *pipeline.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		refused := r.Rewrite.Refused[f.Class]
		fmt.Fprintf(&b, "%s rewritable=%v\n", f.ID, len(refused) == 0)
		for _, n := range refused {
			fmt.Fprintf(&b, "\trefused %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
		for _, n := range r.Rewrite.Notes[f.Class] {
			fmt.Fprintf(&b, "\tnote %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
	}
	return b.String()
}

// keepRewriteLines keeps the lines of a golden case's findings that
// rewriteLines writes: of each finding's first line its ID and
// rewritable flag, then its refusals and notes; the positions, kinds and
// evidence are detection's.
func keepRewriteLines(findings string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(findings, "\n") {
		switch {
		case line == "":
		case !strings.HasPrefix(line, "\t"):
			// pos ID kind type confidence rewritable=...
			fields := strings.Fields(line)
			if len(fields) < 2 {
				b.WriteString(line)
				continue
			}
			fmt.Fprintf(&b, "%s %s\n", fields[1], fields[len(fields)-1])
		case strings.HasPrefix(line, "\trefused "), strings.HasPrefix(line, "\tnote "):
			b.WriteString(line)
		}
	}
	return b.String()
}
