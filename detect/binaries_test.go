package detect_test

import (
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestApartBinaries checks that a test's access and a goroutine that its
// test binary does not link are never paired, at any level, while the
// same test racing with goroutines it starts itself is still found.
func TestApartBinaries(t *testing.T) {
	prog := corpus(t)
	found := make(map[string]*detect.Finding)
	for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{}) {
		found[f.ID] = f
	}
	if f := found["corpus/src/rule_testbinary/registry.Registry.clusters"]; f != nil {
		t.Errorf("%s: found at %s, want no finding: the test and the goroutines are in different binaries", f.ID, f.Confidence)
	}
	if f := found["corpus/src/rule_testbinary_racy/registry.Registry.clusters"]; f == nil || !f.Confidence.AtLeast(detect.Likely) {
		t.Errorf("rule_testbinary_racy: want the test's race found at likely or above, got %v", f)
	}
}
