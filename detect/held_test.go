package detect_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestEvidenceHeld checks that each access of a finding's evidence names
// the locks held there, as the Lock calls write them, read locks marked.
func TestEvidenceHeld(t *testing.T) {
	want := map[string][]string{
		// The write holds s.mu; the two forgotten reads hold nothing.
		"corpus/src/guard_shapes_racy.store.m": {"write:25 [s.mu]", "read:36 []", "read:40 []"},
		// The write in Set holds s.mu; the snapshot's user holds none.
		"corpus/src/own_clone_racy.settings.vals": {"write:29 [s.mu]", "write:34 []", "delete:35 []", "len:36 []"},
		// A promoted lock, held by the caller of setLocked and read-locked
		// in Resolve (main's own Resolve comes after wg.Wait: only the
		// workers' read pairs with the forgotten delete).
		"corpus/src/seelock_embedded_racy.routeTable.routes": {"write:23 [s]", "delete:40 []", "read:47 [s (read)]"},
	}
	// Classes every access of which holds its lock: no finding at any
	// level, not even possible.
	locked := []string{
		// addJob inherits d.mu from schedule; its other caller says in
		// its doc comment that d.mu must be held and is run through a
		// table of function values.
		"corpus/src/rule_lockeddoc.store.inProgress",
	}
	prog := corpus(t)
	found := make(map[string]*detect.Finding)
	for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{}) {
		found[f.ID] = f
	}
	for _, id := range locked {
		if f := found[id]; f != nil {
			t.Errorf("%s: found at %s, want no finding: every access holds the lock", id, f.Confidence)
		}
	}
	for id, w := range want {
		f := found[id]
		if f == nil {
			t.Errorf("%s: not found", id)
			continue
		}
		var got []string
		for _, e := range f.Evidence {
			got = append(got, fmt.Sprintf("%s:%d [%s]", e.Op, prog.Fset.Position(e.Pos).Line, strings.Join(e.Held, ", ")))
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: evidence\n%s\nwant\n%s", id, strings.Join(got, "\n"), strings.Join(w, "\n"))
		}
	}
}
