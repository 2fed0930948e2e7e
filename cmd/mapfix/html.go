package main

import (
	"bytes"
	"cmp"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/htmlreport"
	"github.com/mapfix/mapfix/pipeline"
)

// writeHTML writes check's findings as one self-contained page to name,
// taken from the -C directory when relative, as -race-log is.
func writeHTML(name, dir, title string, r *pipeline.Report) error {
	if !filepath.IsAbs(name) && dir != "" {
		name = filepath.Join(dir, name)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	var buf bytes.Buffer
	if err := htmlreport.Write(&buf, htmlPage(title, filepath.Dir(abs), r)); err != nil {
		return err
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o666); err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	return nil
}

// htmlPage turns a report into what the page, written in pageDir, shows.
func htmlPage(title, pageDir string, r *pipeline.Report) *htmlreport.Page {
	p := &htmlreport.Page{
		Title:      title,
		Dir:        r.Prog.Dir,
		Version:    version(),
		Suppressed: r.Suppressed,
		Below:      len(r.Below),
		Warnings:   r.Warnings,
	}
	if r.LoadErr != nil {
		p.Errors = strings.Split(r.LoadErr.Error(), "\n")
	}
	loc := func(pos token.Pos) htmlreport.Loc { return htmlLoc(r, pageDir, pos) }
	roots := &rootIndex{loc: loc, fset: r.Prog.Fset, p: p, byPos: make(map[token.Pos]int), maps: make(map[int]map[int]int)}
	for i, f := range r.Findings {
		hf := htmlreport.Finding{
			ID: f.ID, Message: f.Message(), Name: f.Name, Kind: f.Kind, Type: f.Type,
			Package: f.Package, Confidence: string(f.Confidence), Decl: loc(f.Pos),
			InTests: f.InTests,
		}
		if g := f.Guard; g != nil {
			hf.Guard = fmt.Sprintf("%s is held at %d of the %d accesses", g.Lock, g.Held, g.Total)
		}
		for _, e := range f.Evidence {
			a := htmlreport.Access{At: loc(e.Pos), Op: e.Op, Via: e.Via, Log: e.Log, Root: -1, Held: e.Held}
			if e.Log == "" || e.Goroutine.IsValid() {
				// A race log's access ran in some goroutine the log
				// names by number only.
				a.Root = roots.add(e.Goroutine, i, f, e)
			}
			a.Lock, a.LockName, a.Unsafe = lockAt(f, e)
			hf.Accesses = append(hf.Accesses, a)
		}
		hf.Fix = htmlFix(r, f, loc)
		for _, n := range r.Rewrite.Notes[f.Class] {
			if fix := r.Fixes[f]; fix != nil && fix.NoLock != nil && strings.Contains(n.Msg, fix.NoLock.Msg) {
				continue // the fix says why not the lock
			}
			hf.Notes = append(hf.Notes, htmlreport.Reason{At: loc(n.Pos), Msg: n.Msg})
		}
		p.Findings = append(p.Findings, hf)
	}
	roots.finish()
	return p
}

// lockAt says what is known of the lock at an access: detect names the
// locks held at each access it found; of the guard, the lock most accesses
// hold, the page says where it is missing and why it cannot be taken there.
// A race log's access is not known to hold anything.
func lockAt(f *detect.Finding, e detect.Evidence) (htmlreport.LockState, string, string) {
	if e.Log != "" && len(e.Held) == 0 {
		return htmlreport.LockUnknown, "", ""
	}
	if g := f.Guard; g != nil {
		for _, s := range g.Sites {
			if s.Use.Expr.Pos() == e.Pos || s.Use.Pos() == e.Pos {
				return htmlreport.LockMissing, cmp.Or(s.Lock, g.Lock), s.Unsafe
			}
		}
	}
	return htmlreport.LockHeld, "", ""
}

// htmlFix is the fix of f as the page shows it.
func htmlFix(r *pipeline.Report, f *detect.Finding, loc func(token.Pos) htmlreport.Loc) htmlreport.Fix {
	var out htmlreport.Fix
	for _, n := range r.Rewrite.Refused[f.Class] {
		out.Refused = append(out.Refused, htmlreport.Reason{At: loc(n.Pos), Msg: n.Msg})
	}
	fix := r.Fixes[f]
	if fix == nil {
		out.Kind = "none"
		return out
	}
	out.Kind = string(fix.Kind)
	if fix.Lock != nil {
		out.Lock = fix.Lock.Lock
		for _, s := range fix.Sites() {
			out.Sites = append(out.Sites, htmlreport.LockSite{At: loc(s.Pos), Stmt: s.Stmt, Lock: s.Lock, Read: s.Read})
		}
	}
	if fix.NoLock != nil {
		out.Why = fix.NoLock.Msg
	}
	return out
}

// htmlLoc is a position with its link from a page in pageDir and its line
// of source.
func htmlLoc(r *pipeline.Report, pageDir string, pos token.Pos) htmlreport.Loc {
	if !pos.IsValid() {
		return htmlreport.Loc{Text: "-"}
	}
	position := r.Prog.Fset.Position(pos)
	l := htmlreport.Loc{Text: r.Prog.Rel(pos), Href: htmlreport.FileHref(pageDir, position.Filename)}
	if f := r.Prog.FileOf(pos); f != nil && !f.Cgo {
		l.Source = sourceLine(f.Src, position.Line)
	}
	return l
}

// maxSourceLine bounds the source shown for one position: a generated
// file's one-line table must not fill the page.
const maxSourceLine = 160

// sourceLine returns line n (from 1) of src, trimmed, or "".
func sourceLine(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	s := strings.TrimSpace(string(src))
	if len(s) > maxSourceLine {
		s = strings.ToValidUTF8(s[:maxSourceLine], "") + "…"
	}
	return s
}

// rootIndex collects the goroutine roots of the page and the maps each
// reaches.
type rootIndex struct {
	loc   func(token.Pos) htmlreport.Loc
	fset  *token.FileSet
	p     *htmlreport.Page
	byPos map[token.Pos]int
	// maps[root][finding] is the index in Roots[root].Maps.
	maps map[int]map[int]int
}

// add records that finding i accesses its map as e says, and returns the
// index of e's root.
func (x *rootIndex) add(pos token.Pos, i int, f *detect.Finding, e detect.Evidence) int {
	ri, ok := x.byPos[pos]
	if !ok {
		ri = len(x.p.Roots)
		x.byPos[pos] = ri
		root := htmlreport.Root{Label: "the code that starts the goroutines: main, a test, or a caller of an exported function"}
		if pos.IsValid() {
			root.At = x.loc(pos)
			root.Label = root.At.Text
		}
		x.p.Roots = append(x.p.Roots, root)
		x.maps[ri] = make(map[int]int)
	}
	root := &x.p.Roots[ri]
	mi, ok := x.maps[ri][i]
	if !ok {
		mi = len(root.Maps)
		x.maps[ri][i] = mi
		root.Maps = append(root.Maps, htmlreport.RootMap{Finding: i, Name: f.Name, Confidence: string(f.Confidence)})
	}
	root.Maps[mi].Ops = append(root.Maps[mi].Ops, htmlreport.RootOp{Op: e.Op, At: x.loc(e.Pos)})
	return ri
}

// finish orders the roots by position, the spawning context last, and
// renumbers the accesses' roots to match.
func (x *rootIndex) finish() {
	order := make([]int, len(x.p.Roots))
	for i := range order {
		order[i] = i
	}
	pos := make([]token.Pos, len(x.p.Roots))
	for p, i := range x.byPos {
		pos[i] = p
	}
	fset := x.fset
	sort.SliceStable(order, func(i, j int) bool {
		pa, pb := pos[order[i]], pos[order[j]]
		if pa.IsValid() != pb.IsValid() {
			return pa.IsValid()
		}
		ca, cb := fset.Position(pa), fset.Position(pb)
		if ca.Filename != cb.Filename {
			return ca.Filename < cb.Filename
		}
		return ca.Offset < cb.Offset
	})
	newIndex := make([]int, len(order))
	roots := make([]htmlreport.Root, len(order))
	for n, old := range order {
		newIndex[old] = n
		roots[n] = x.p.Roots[old]
	}
	x.p.Roots = roots
	for i := range x.p.Findings {
		for j := range x.p.Findings[i].Accesses {
			if a := &x.p.Findings[i].Accesses[j]; a.Root >= 0 {
				a.Root = newIndex[a.Root]
			}
		}
	}
}
