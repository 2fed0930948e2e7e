package mapfix_test

import (
	"os/exec"
	"strings"
	"testing"
)

// layers lists the packages of each layer, top first: a package may import
// its own layer's and lower layers' packages, never a higher layer's. The
// pipeline reads top to bottom (docs/design.md).
var layers = [][]string{
	{"cmd/mapfix", "cmd/mapfix-vet"},
	{"pipeline", "pipeline/pipelinetest", "passes/sharedmap"},
	{"detect", "rewrite", "rewrite/lockfix"},
	{"templates", "templates/shardedmap", "internal/"},
}

// TestLayers checks that imports only point down.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/mapfix/mapfix/"
	layer := func(path string) int {
		rel := strings.TrimPrefix(path, mod)
		for i, l := range layers {
			for _, p := range l {
				if rel == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(rel, p)) {
					return i
				}
			}
		}
		return -1
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		from := layer(fields[0])
		if from < 0 {
			continue // examples, bench, the module root
		}
		checked++
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			if to := layer(imp); to >= 0 && to < from {
				t.Errorf("%s imports %s, a layer above it", strings.TrimPrefix(fields[0], mod), strings.TrimPrefix(imp, mod))
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages placed in a layer: is the list of layers up to date?", checked)
	}
}
