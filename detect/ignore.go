package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/mapfix/mapfix/internal/load"
)

// ignoreDirective marks a declaration whose map the author has judged:
// "//mapfix:ignore reason" on the declaration's line or the line before.
const ignoreDirective = "//mapfix:ignore"

// An IgnoreError is a //mapfix:ignore directive without a reason: a
// suppression must say why, so that a reviewer can judge it later.
type IgnoreError struct {
	Pos string // file:line:col
}

func (e *IgnoreError) Error() string {
	return fmt.Sprintf("%s: %s needs a reason (%s why the map is safe)", e.Pos, ignoreDirective, ignoreDirective)
}

// Suppress splits findings into those to report and those a
// //mapfix:ignore directive on one of the class's declarations drops. A
// directive with no reason is an error, whether or not a finding meets
// it.
func Suppress(prog *load.Program, findings []*Finding) (kept, suppressed []*Finding, err error) {
	lines := make(map[string]map[int]bool) // file -> lines with a directive
	for _, f := range prog.Files() {
		if !f.Writable {
			continue
		}
		for _, g := range f.Syntax.Comments {
			for _, c := range g.List {
				reason, ok := ignoreReason(c)
				if !ok {
					continue
				}
				if reason == "" {
					return nil, nil, &IgnoreError{Pos: prog.Rel(c.Pos())}
				}
				p := prog.Fset.Position(c.Pos())
				if lines[p.Filename] == nil {
					lines[p.Filename] = make(map[int]bool)
				}
				lines[p.Filename][p.Line] = true
			}
		}
	}
	for _, f := range findings {
		if ignored(prog.Fset, lines, f) {
			suppressed = append(suppressed, f)
		} else {
			kept = append(kept, f)
		}
	}
	return kept, suppressed, nil
}

// ignoreReason returns the reason of a //mapfix:ignore comment, and
// whether c is one.
func ignoreReason(c *ast.Comment) (string, bool) {
	rest, ok := strings.CutPrefix(c.Text, ignoreDirective)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// ignored reports whether a directive stands on the line of one of the
// class's declarations or on the line before it.
func ignored(fset *token.FileSet, lines map[string]map[int]bool, f *Finding) bool {
	for _, s := range f.Class.Slots {
		p := fset.Position(s.Pos())
		if l := lines[p.Filename]; l[p.Line] || l[p.Line-1] {
			return true
		}
	}
	return false
}
