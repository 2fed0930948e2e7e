// Package pipelinetest holds what the tests of several packages need to
// tell a pipeline run's results.
package pipelinetest

import (
	"fmt"
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
