package rewrite

import (
	"path/filepath"
	"slices"

	"github.com/mapfix/mapfix/internal/mapclass"
)

// One class must never keep the others from being rewritten. When the
// type-check of the rewritten code fails, the driver asks which classes
// edited the lines the errors point at, drops them with Drop, and edits
// the rest again.

// ClassesAt returns the rewritten classes with an edit on lines from..to
// (1-based, inclusive) of the original text of the file path.
func (res *Result) ClassesAt(path string, from, to int) []*mapclass.Class {
	var out []*mapclass.Class
	for _, p := range res.plans {
		for n, a := range p.actions {
			if a.file.Name != path {
				continue
			}
			fset := a.file.Package.Fset
			start, end := fset.Position(n.Pos()).Line, fset.Position(n.End()).Line
			if start <= to && end >= from && !slices.Contains(out, p.class) {
				out = append(out, p.class)
			}
		}
	}
	return out
}

// ClassesIn returns the rewritten classes with an edit in the file path,
// or in any file of the folder dir when path is "".
func (res *Result) ClassesIn(path, dir string) []*mapclass.Class {
	var out []*mapclass.Class
	for _, p := range res.plans {
		for f := range p.files {
			if (path != "" && f.Name == path) || (path == "" && filepath.Dir(f.Name) == dir) {
				out = append(out, p.class)
				break
			}
		}
	}
	return out
}

// Drop moves a rewritten class to Refused with the given reasons, and
// forgets the changes made so far: Edit must run again.
func (res *Result) Drop(c *mapclass.Class, reasons []Note) {
	i := slices.Index(res.Rewritten, c)
	if i < 0 {
		return
	}
	res.Rewritten = slices.Delete(res.Rewritten, i, i+1)
	res.plans = slices.DeleteFunc(res.plans, func(p *classPlan) bool { return p.class == c })
	delete(res.Notes, c)
	res.Refused[c] = append(res.Refused[c], reasons...)
	res.Changes = nil
}
