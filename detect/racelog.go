package detect

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/racelog"
)

// ObserveLog turns each map race of a race log into observed evidence on the
// class whose access sits at the reported line. Reports whose accesses
// match no map access of the loaded packages (the log is from other code,
// or an older version of it) are returned as warnings.
//
// Unattributed races (no runtime map frame) count only when every access
// lands on an access of one class and one of them is a write there: the
// value slot of a map entry; other races on plain memory are not mapfix's
// business. A log in which nothing lands on a map is an error.
func ObserveLog(prog *load.Program, set *mapclass.Set, findings []*Finding, lg *racelog.Log, name string) ([]*Finding, []string, error) {
	sites := newSiteIndex(prog, set)
	base := filepath.Base(name)
	var warnings []string
	matched := 0
	// Races on plain memory are attributed only to maps the analysis or
	// the log's map races already show shared: a racing variable on the
	// same line as a guarded map must not make that map a finding.
	suspects := make(map[*mapclass.Class]bool)
	for _, f := range findings {
		suspects[f.Class] = true
	}
	for _, r := range lg.Reports {
		where := fmt.Sprintf("%s:%d", base, r.Line)
		byClass := make(map[*mapclass.Class][]Evidence)
		var order []*mapclass.Class
		for _, a := range r.Accesses {
			fr, ok := a.Site()
			if !ok {
				continue
			}
			for _, u := range sites.uses(fr, a.Op) {
				c := set.ClassOfExpr(u.Expr)
				if c == nil || c.Root() == nil || !declaredWritable(prog.Fset, c) {
					continue // a dependency's map is never a finding, observed or not
				}
				if _, seen := byClass[c]; !seen {
					order = append(order, c)
				}
				byClass[c] = append(byClass[c], Evidence{Pos: u.Pos(), Op: u.Op.String(), Log: where})
			}
		}
		if len(order) == 0 {
			warnings = append(warnings, fmt.Sprintf("%s: %s matches no map access of the loaded packages (is the log from this code?)", where, r.Message))
			continue
		}
		for _, c := range order {
			findings = Observe(findings, c, byClass[c])
			suspects[c] = true
		}
		matched++
	}
	for _, r := range lg.Unattributed {
		c, ev := slotRace(set, sites, r, fmt.Sprintf("%s:%d", base, r.Line))
		if c != nil && suspects[c] {
			findings = Observe(findings, c, ev)
			matched++
		}
	}
	if matched == 0 && len(lg.Reports) == 0 {
		return nil, nil, lg.NoMapRace(name)
	}
	for _, f := range findings {
		f.Evidence = dedupEvidence(f.Evidence)
	}
	sort.SliceStable(findings, func(i, j int) bool {
		return load.ComparePos(prog.Fset, findings[i].Pos, findings[j].Pos) < 0
	})
	return findings, warnings, nil
}

// slotRace returns the class a race on plain memory is on, with its
// evidence, when every access of the report is an access of that one
// class at its line and a write one is among them; else nil.
func slotRace(set *mapclass.Set, sites *siteIndex, r racelog.Report, where string) (*mapclass.Class, []Evidence) {
	var class *mapclass.Class
	var ev []Evidence
	wrote := false
	for _, a := range r.Accesses {
		fr, ok := a.Site()
		if !ok {
			return nil, nil
		}
		var hit *mapclass.Use
		for _, u := range sites.uses(fr, "") {
			c := set.ClassOfExpr(u.Expr)
			if c == nil || (class != nil && c != class) {
				continue
			}
			if hit == nil || (a.Op == racelog.OpWrite && u.Op.IsWrite()) {
				hit, class = u, c
			}
		}
		if hit == nil {
			return nil, nil
		}
		wrote = wrote || (a.Op == racelog.OpWrite && hit.Op.IsWrite())
		ev = append(ev, Evidence{Pos: hit.Pos(), Op: hit.Op.String(), Log: where})
	}
	if !wrote || class == nil {
		return nil, nil
	}
	return class, ev
}

// siteIndex finds the map accesses on a line of a loaded file.
type siteIndex struct {
	byLine map[string][]*mapclass.Use // "abs/file.go:12"
	// byModPath maps module-path-relative names ("example.com/m/x.go"),
	// which -trimpath builds print, to absolute ones.
	byModPath map[string]string
}

func newSiteIndex(prog *load.Program, set *mapclass.Set) *siteIndex {
	ix := &siteIndex{byLine: make(map[string][]*mapclass.Use), byModPath: make(map[string]string)}
	for _, c := range set.Classes {
		for _, u := range c.Uses {
			if !u.Op.IsAccess() {
				continue
			}
			p := prog.Fset.Position(u.Pos())
			k := fmt.Sprintf("%s:%d", p.Filename, p.Line)
			ix.byLine[k] = append(ix.byLine[k], u)
		}
	}
	for _, f := range prog.Files() {
		if m := f.Module; m != nil && m.Dir != "" {
			if rel, err := filepath.Rel(m.Dir, f.Name); err == nil {
				ix.byModPath[path.Join(m.Path, filepath.ToSlash(rel))] = f.Name
			}
		}
	}
	return ix
}

// uses returns the accesses at fr's line whose operation matches op ("",
// read, write, delete, range, clear), or every access there when none
// matches: the runtime's view of an operation is coarser than the syntax
// (m[k]++ shows as a read and a write).
func (ix *siteIndex) uses(fr racelog.Frame, op string) []*mapclass.Use {
	file := filepath.Clean(fr.File)
	if abs, ok := ix.byModPath[fr.File]; ok {
		file = abs
	}
	all := ix.byLine[fmt.Sprintf("%s:%d", file, fr.Line)]
	var match []*mapclass.Use
	for _, u := range all {
		if opMatches(u.Op, op) {
			match = append(match, u)
		}
	}
	if len(match) == 0 {
		return all
	}
	return match
}

func opMatches(u mapclass.Op, op string) bool {
	switch op {
	case racelog.OpRead:
		return u == mapclass.Read || u == mapclass.Len || u == mapclass.Print
	case racelog.OpWrite:
		return u == mapclass.Write
	case racelog.OpDelete:
		return u == mapclass.Delete
	case racelog.OpRange:
		return u == mapclass.Range
	case racelog.OpClear:
		return u == mapclass.Clear
	}
	return true
}

// dedupEvidence drops repeated accesses (both sides of a race on one line).
func dedupEvidence(ev []Evidence) []Evidence {
	seen := make(map[evidenceSite]bool)
	out := ev[:0]
	for _, e := range ev {
		if !seen[e.site()] {
			seen[e.site()] = true
			out = append(out, e)
		}
	}
	return out
}
