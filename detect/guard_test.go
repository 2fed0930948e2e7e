package detect_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// TestGuard checks where the lock fix would go for the guard cases of the
// corpus: the statement each unguarded access is in, the lock as named
// there, and why it cannot be taken where that would deadlock or block.
func TestGuard(t *testing.T) {
	type site struct {
		stmt   string // the statement's kind and line
		lock   string
		unsafe string // a part of the reason, or "" for a safe site
	}
	want := map[string][]site{
		"corpus/src/guard_shapes_racy.store.m": {
			{"*ast.ReturnStmt:36", "s.mu", ""},
			{"*ast.IfStmt:40", "s.mu", ""},
		},
		"corpus/src/guard_shapes_racy.names": {
			{"*ast.ExprStmt:64", "namesMu", ""},
		},
		"corpus/src/guard_unsafe_racy.cache.m": {
			{"*ast.ExprStmt:33", "c.mu", ""}, // bump's write, moved up to touch's call

			{"*ast.RangeStmt:55", "c.mu", "the loop calls report"},
			{"*ast.AssignStmt:61", "c.mu", "receives from a channel"},
		},
		"corpus/src/seelock_localcopy_racy.limiter.counts": {
			{"*ast.ExprStmt:36", "t.mu", ""},
		},
		"corpus/src/rule_ctxlock_racy.peerTable.peers": {
			{"*ast.ExprStmt:28", "s.mu", ""},
			{"*ast.ExprStmt:45", "s.mu", ""},
		},
		"corpus/src/rule_gotolock_racy.dispatcher.delivered": {
			{"*ast.RangeStmt:55", "s.mu", "a goto waitForMsgs reaches it with s.mu held"},
		},
		"corpus/src/seelock_mapparam_racy.aggregator.totals": {
			{"*ast.ReturnStmt:49", "a.mu", ""}, // over's range, moved up to the call that hands it a.totals
		},
		"corpus/src/releasedearly.index.terms": {
			{"*ast.RangeStmt:29", "x.mu", ""},
		},
	}
	prog := corpus(t)
	found := make(map[string]*detect.Finding)
	for _, f := range detect.Run(prog, mapclass.Build(prog), detect.Options{}) {
		found[f.ID] = f
	}
	for id, sites := range want {
		f := found[id]
		if f == nil || f.Guard == nil {
			t.Errorf("%s: no finding with a guard", id)
			continue
		}
		var got []string
		for _, s := range f.Guard.Sites {
			got = append(got, fmt.Sprintf("%T:%d %s %q", s.Stmt, prog.Fset.Position(s.Stmt.Pos()).Line, s.Lock, s.Unsafe))
		}
		if len(got) != len(sites) {
			t.Errorf("%s: sites\n%s\nwant %d", id, strings.Join(got, "\n"), len(sites))
			continue
		}
		for i, w := range sites {
			s := f.Guard.Sites[i]
			where := fmt.Sprintf("%T:%d", s.Stmt, prog.Fset.Position(s.Stmt.Pos()).Line)
			if where != w.stmt || s.Lock != w.lock || (w.unsafe == "") != (s.Unsafe == "") || !strings.Contains(s.Unsafe, w.unsafe) {
				t.Errorf("%s: site %d is %s, want %s %s %q", id, i, got[i], w.stmt, w.lock, w.unsafe)
			}
		}
		safe := true
		for _, w := range sites {
			safe = safe && w.unsafe == ""
		}
		if f.Guard.Fixable() != safe {
			t.Errorf("%s: Fixable() = %v", id, f.Guard.Fixable())
		}
	}
}
