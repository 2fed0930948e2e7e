package detect_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestStableOutput runs the detector over the corpus several times: the
// findings, their confidence and every piece of evidence must be the same
// each time (map iteration order changes from run to run in Go, and must
// not reach the output).
func TestStableOutput(t *testing.T) {
	prog := corpus(t)
	render := func() string {
		var b strings.Builder
		for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{Exported: true}) {
			fmt.Fprintf(&b, "%s %s %q\n", f.ID, f.Confidence, f.Suggestion)
			for _, e := range f.Evidence {
				fmt.Fprintf(&b, "\t%s %s %s %s %v\n", prog.Rel(e.Pos), e.Op, prog.Rel(e.Goroutine), e.Via, e.Held)
			}
		}
		return b.String()
	}
	first := render()
	for i := range 8 {
		if again := render(); again != first {
			t.Fatalf("run %d differs from the first:\n%s\n--- first:\n%s", i+2, again, first)
		}
	}
}
