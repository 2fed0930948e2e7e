package detect_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestLarge runs the analysis over a real code base, to catch crashes and
// slow spots: MAPFIX_LARGE_DIR=/usr/local/go/src MAPFIX_LARGE_PATTERNS=net/...
// go test -run TestLarge -v ./detect/
func TestLarge(t *testing.T) {
	dir := os.Getenv("MAPFIX_LARGE_DIR")
	if dir == "" {
		t.Skip("MAPFIX_LARGE_DIR not set")
	}
	patterns := strings.Fields(os.Getenv("MAPFIX_LARGE_PATTERNS"))
	start := time.Now()
	prog, err := load.Load(load.Config{Dir: dir, Patterns: patterns})
	if err != nil {
		t.Fatal(err)
	}
	loaded := time.Now()
	set := mapclass.Build(prog)
	built := time.Now()
	findings := detect.Run(prog, set, detect.Options{})
	done := time.Now()
	t.Logf("load %v, classes %v (%d), detect %v: %d findings",
		loaded.Sub(start), built.Sub(loaded), len(set.Classes), done.Sub(built), len(findings))
	for i, f := range findings {
		if i == 40 {
			break
		}
		logFinding(t, prog, f)
	}
}
