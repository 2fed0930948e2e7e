package sharedmap_test

import (
	"testing"

	"github.com/mapfix/mapfix/passes/sharedmap"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestValidate(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{sharedmap.Analyzer}); err != nil {
		t.Fatal(err)
	}
}

// TestFacts runs the analyzer over packages that share maps only through
// calls into other packages: a calls b, b calls c. Every diagnostic in a
// and z needs the facts of b (and, through b, of c); the facts themselves
// are checked by the want comments on the functions of b and c.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedmap.Analyzer, "a", "b", "c", "z", "w", "y")
}

// TestLockFix: where most accesses of a map hold a lock, the diagnostic
// suggests taking it at the others (RLock where they only read), and the
// fixed package (the .golden file) holds it everywhere. A map whose lock
// cannot be taken at a site gets no suggested fix.
func TestLockFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), sharedmap.Analyzer, "lockfix")
}
