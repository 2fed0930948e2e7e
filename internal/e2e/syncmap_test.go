package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/pipeline"
)

// syncMapRewrite runs rewrite -syncmap on the module in dir for a golden
// case of the sync.Map migration, and returns the files to write and its
// findings text: for each sync.Map found, a line
//
//	pos name key=K value=V migrated=true|false
//
// (K and V "?" when they could not be told), then its refused and note
// lines, indented by a tab as in the shared-map cases.
func syncMapRewrite(t *testing.T, dir string) ([]apply.File, string) {
	r, err := pipeline.MigrateSyncMaps(pipeline.Config{
		Load:    load.Config{Dir: dir, Tests: true, Patterns: []string{"./..."}},
		Version: goldenVersion,
	})
	if err != nil {
		t.Fatalf("rewrite -syncmap: %v", err)
	}
	var b strings.Builder
	for _, m := range r.Result.Maps {
		k, v := "?", "?"
		if m.Key != nil {
			k, v = m.Key.String(), m.Value.String()
		}
		fmt.Fprintf(&b, "%s %s key=%s value=%s migrated=%v\n", r.Prog.Rel(m.Pos), m.Name, k, v, len(m.Refusals) == 0)
		for _, n := range m.Refusals {
			fmt.Fprintf(&b, "\trefused %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
		for _, n := range m.Notes {
			fmt.Fprintf(&b, "\tnote %s: %s\n", r.Prog.Rel(n.Pos), n.Msg)
		}
	}
	return r.Files, b.String()
}
