// Package pipelinetest holds what the pipeline's tests and the end-to-end
// tests (internal/e2e) share: how to print a run's findings, and how
// many tests to run at a time.
package pipelinetest

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"github.com/mapfix/mapfix/pipeline"
)

// FindingsText lists a report's findings, with their evidence, refusals
// and notes, one per line, positions relative to the program's directory:
// the findings section of a golden case.
func FindingsText(r *pipeline.Report) string {
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

// WideParallel runs four times GOMAXPROCS parallel tests at a time, unless
// the -parallel flag says how many; call it from TestMain after
// flag.Parse. Tests that mostly wait (on the go command, on race-enabled
// programs) leave the cores half idle at the default of GOMAXPROCS.
func WideParallel() {
	given := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			given = true
		}
	})
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0))); err != nil {
			panic(err) // the testing package always defines the flag
		}
	}
}
