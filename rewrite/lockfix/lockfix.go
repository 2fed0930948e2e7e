// Package lockfix is the smaller fix of a shared map: where most of its
// accesses already hold a lock, take that lock at the accesses that do
// not, instead of changing the map's type.
//
// A fix is a list of insertions into the original text of the files: a
// Lock line before the statement that holds the access and an Unlock line
// after it (RLock and RUnlock where the lock is a sync.RWMutex and nothing
// in the statement writes the map). Nothing of the original text is
// removed or moved, so comments and layout stay as they were; the command
// line formats the file afterwards, and the analyzer hands the same
// insertions to go fix and gopls as text edits.
//
// The shapes, and why each is written as it is:
//
//   - A simple statement (m[k] = v, m[k]++, delete(m, k), v := m[k]) gets
//     Lock before and Unlock after, in the same block: a variable it
//     declares stays in scope for the statements after it.
//   - A return (return m[k]) gets Lock and then defer Unlock before it:
//     the results are computed with the lock held and the lock is let go
//     as the function returns, whatever the results' types are. Copying
//     the results into new variables first would need their names and
//     types, and could collide with names already in scope.
//   - An if, for, range, switch or select whose header accesses the map
//     is held whole. Every way out of it other than its end (a return, a
//     break or continue to a statement outside it) gets an Unlock first,
//     or a defer Unlock before a return whose results touch the map; a
//     goto out of it is refused.
//   - Accesses in one statement share one pair; a statement inside
//     another statement that is held is covered by it; consecutive held
//     statements of one block share one pair. This holds across maps:
//     PlanAll plans the fixes of all findings together, so two maps
//     guarded by one lock in one statement take it once.
//   - A go or defer statement whose own call accesses the map is refused:
//     the access runs later, when no lock taken around the statement is
//     held.
package lockfix

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"golang.org/x/tools/go/ast/astutil"
)

// Options configures Plan.
type Options struct {
	// ReadFile returns the bytes of a file loaded without them (under go
	// vet, the driver owns the files). Nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// FileOf returns the loaded file that holds a position. A site's
	// statement is looked up with it when it lies in another file than
	// the access (a call held at a caller); nil means it never does.
	FileOf func(token.Pos) *load.File
}

// Fix is the lock fix of one finding.
type Fix struct {
	// Lock names the lock as the code at the first site does.
	Lock string
	// RW is set when the lock is a sync.RWMutex.
	RW bool
	// Held and Total count the class's accesses that hold the lock, and
	// all of them.
	Held, Total int
	// Regions are the statements the fix holds the lock around, in file
	// order.
	Regions []*Region
	// Edits are the insertions, per absolute file name, sorted by offset.
	Edits map[string][]Edit
}

// Region is one statement (or run of consecutive statements of one block)
// that the fix holds the lock around.
type Region struct {
	File *load.File
	// Stmts are the statements held, consecutive in one block.
	Stmts []ast.Stmt
	// Lock is the lock as named in this function, e.g. "c.mu".
	Lock string
	// Read is set when the region takes RLock: the lock is a
	// sync.RWMutex and nothing in the region writes the map.
	Read bool
	// Sites are the guards' accesses the region covers.
	Sites []detect.GuardSite
	// Owners are the findings whose fix the region is: more than one
	// where maps guarded by one lock are accessed in one statement.
	Owners []*detect.Finding
	// Edits are the region's insertions, sorted by offset.
	Edits []Edit
}

// Pos is where the region starts.
func (r *Region) Pos() token.Pos { return r.Stmts[0].Pos() }

// Text is the first line of the region's first statement as written, for
// messages: "s.hits[k]++", "for k, v := range s.m {".
func (r *Region) Text() string {
	src := r.File.Src
	tf := r.File.Package.Fset.File(r.Pos())
	if src == nil || tf == nil {
		return ""
	}
	start := tf.Offset(r.Pos())
	end := tf.Offset(r.Stmts[0].End())
	if i := bytes.IndexByte(src[start:end], '\n'); i >= 0 {
		end = start + i
	}
	return strings.TrimSpace(string(src[start:end]))
}

// Edit inserts Text at byte Offset of a file's original content.
type Edit struct {
	Offset int
	Text   string
	// Pos is Offset as a position in the file set the file was loaded
	// into, for analysis.TextEdit.
	Pos token.Pos
}

// Refusal is why the lock fix cannot be made, with where.
type Refusal struct {
	Pos token.Pos
	Msg string
}

func (r *Refusal) Error() string { return r.Msg }

// Plan builds the lock fix of f from its guard, or returns a *Refusal
// saying why there is none. A finding only tests make (InTests) is fixed
// in test files only: a site elsewhere is refused.
func Plan(fset *token.FileSet, f *detect.Finding, opts Options) (*Fix, error) {
	fixes, errs := PlanAll(fset, []*detect.Finding{f}, opts)
	if err := errs[f]; err != nil {
		return nil, err
	}
	return fixes[f], nil
}

// PlanAll plans the lock fixes of several findings together, as they are
// applied together: two maps guarded by one lock and accessed in one
// statement (d.byID[d.byName[n]] = n) share one Lock and Unlock, where
// planning each alone would take the lock twice and deadlock. A
// finding's statement inside another finding's held statement under
// another lock is refused: the two locks would be taken in an order the
// rest of the code may not keep. It returns the fix of each finding that
// has one and the refusal of each that has not.
func PlanAll(fset *token.FileSet, fs []*detect.Finding, opts Options) (map[*detect.Finding]*Fix, map[*detect.Finding]error) {
	p := &planner{fset: fset, opts: opts, src: make(map[*load.File][]byte)}
	errs := make(map[*detect.Finding]error)
	units := make(map[*detect.Finding][]*unit)
	var ok []*detect.Finding
	for _, f := range fs {
		us, err := p.units(f)
		if err != nil {
			errs[f] = err
			continue
		}
		units[f] = us
		ok = append(ok, f)
	}
	var regions []*Region
	for {
		var bad map[*detect.Finding]error
		regions, bad = p.regions(ok, units)
		if len(bad) == 0 {
			for _, r := range regions {
				edits, err := p.edits(r)
				if err != nil {
					if bad == nil {
						bad = make(map[*detect.Finding]error)
					}
					for _, f := range r.Owners {
						bad[f] = err
					}
					continue
				}
				r.Edits = edits
			}
		}
		if len(bad) == 0 {
			break
		}
		var kept []*detect.Finding
		for _, f := range ok {
			if err := bad[f]; err != nil {
				errs[f] = err
				continue
			}
			kept = append(kept, f)
		}
		ok = kept
	}
	fixes := make(map[*detect.Finding]*Fix, len(ok))
	for _, f := range ok {
		g := f.Guard
		fixes[f] = &Fix{Lock: g.Lock, RW: g.RW, Held: g.Held, Total: g.Total, Edits: make(map[string][]Edit)}
	}
	for _, r := range regions {
		for _, f := range r.Owners {
			fix := fixes[f]
			fix.Regions = append(fix.Regions, r)
			fix.Edits[r.File.Name] = append(fix.Edits[r.File.Name], r.Edits...)
		}
	}
	for _, fix := range fixes {
		for name, es := range fix.Edits {
			sort.SliceStable(es, func(i, j int) bool { return es[i].Offset < es[j].Offset })
			fix.Edits[name] = es
		}
	}
	return fixes, errs
}

// Edits returns the insertions of regions (each once, however many fixes
// share it), per absolute file name, sorted by offset.
func Edits(regions []*Region) map[string][]Edit {
	out := make(map[string][]Edit)
	seen := make(map[*Region]bool)
	for _, r := range regions {
		if seen[r] {
			continue
		}
		seen[r] = true
		out[r.File.Name] = append(out[r.File.Name], r.Edits...)
	}
	for name, es := range out {
		sort.SliceStable(es, func(i, j int) bool { return es[i].Offset < es[j].Offset })
		out[name] = es
	}
	return out
}

func lockName(g *detect.Guard, s detect.GuardSite) string {
	if s.Lock != "" {
		return s.Lock
	}
	return g.Lock
}

type planner struct {
	fset *token.FileSet
	opts Options
	src  map[*load.File][]byte
}

// unit is one statement held, with the block list it stands in.
type unit struct {
	file   *load.File
	stmt   ast.Stmt
	list   []ast.Stmt // the block or case body holding stmt
	index  int        // stmt's index in list
	lock   string
	write  bool
	sites  []detect.GuardSite
	owners []*detect.Finding
}

// units turns one finding's guard into the statements to hold, one per
// statement.
func (p *planner) units(f *detect.Finding) ([]*unit, error) {
	g := f.Guard
	if g == nil || len(g.Sites) == 0 {
		return nil, &Refusal{Pos: f.Pos, Msg: "no lock is held at most of its accesses"}
	}
	for _, s := range g.Sites {
		if s.Unsafe != "" {
			return nil, &Refusal{Pos: s.Use.Pos(), Msg: fmt.Sprintf("%s cannot be taken here: %s", lockName(g, s), s.Unsafe)}
		}
	}
	var units []*unit
	for _, s := range g.Sites {
		u, err := p.unitOf(f, s)
		if err != nil {
			return nil, err
		}
		// Several accesses in one statement share it.
		if prev := findUnit(units, u.stmt); prev != nil {
			if prev.lock != u.lock {
				return nil, &Refusal{Pos: s.Use.Pos(), Msg: fmt.Sprintf("the lock is named %s and %s in one statement", prev.lock, u.lock)}
			}
			prev.write = prev.write || u.write
			prev.sites = append(prev.sites, u.sites...)
			continue
		}
		units = append(units, u)
	}
	return units, nil
}

// regions joins the units of the findings into the regions to hold: one
// per statement, a statement inside a held one covered by it, and
// consecutive held statements of one block sharing one pair. A finding
// whose units conflict with those of a finding before it is returned in
// bad, with the reason.
func (p *planner) regions(fs []*detect.Finding, unitsOf map[*detect.Finding][]*unit) ([]*Region, map[*detect.Finding]error) {
	var units []*unit
	var bad map[*detect.Finding]error
	refuse := func(f *detect.Finding, pos token.Pos, msg string) {
		if bad == nil {
			bad = make(map[*detect.Finding]error)
		}
		if bad[f] == nil {
			bad[f] = &Refusal{Pos: pos, Msg: msg}
		}
	}
	for _, f := range fs {
		for _, u := range unitsOf[f] {
			c := *u // a copy: the units are joined anew on each try
			c.sites = append([]detect.GuardSite(nil), u.sites...)
			c.owners = []*detect.Finding{f}
			units = append(units, &c)
		}
	}
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].file.Name != units[j].file.Name {
			return units[i].file.Name < units[j].file.Name
		}
		if units[i].stmt.Pos() != units[j].stmt.Pos() {
			return units[i].stmt.Pos() < units[j].stmt.Pos()
		}
		return units[i].stmt.End() > units[j].stmt.End() // the outer first
	})
	// A statement inside (or equal to) another held statement is covered
	// by it: taking the lock again inside would deadlock.
	var outer []*unit
	for _, u := range units {
		if n := len(outer); n > 0 && outer[n-1].file == u.file && outer[n-1].stmt.Pos() <= u.stmt.Pos() && u.stmt.End() <= outer[n-1].stmt.End() {
			o := outer[n-1]
			if o.lock != u.lock {
				for _, f := range u.owners {
					if !slices.Contains(o.owners, f) {
						refuse(f, u.stmt.Pos(), fmt.Sprintf("the statement is inside one that the fix of another map holds %s around: %s would be taken inside it", o.lock, u.lock))
					}
				}
				continue
			}
			o.write = o.write || u.write
			o.sites = append(o.sites, u.sites...)
			for _, f := range u.owners {
				if !slices.Contains(o.owners, f) {
					o.owners = append(o.owners, f)
				}
			}
			continue
		}
		outer = append(outer, u)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	// Anything else in a held statement that writes one of the maps (an
	// access that needed no fix of its own) makes it take the write lock.
	for _, u := range outer {
		for _, f := range u.owners {
			for _, use := range f.Class.Uses {
				if use.File == u.file && use.Op.IsWrite() && u.stmt.Pos() <= use.Pos() && use.Pos() < u.stmt.End() {
					u.write = true
				}
			}
		}
	}
	// Consecutive held statements of one block share one pair.
	var out []*Region
	var last *unit
	for _, u := range outer {
		rw := rwOf(u.owners)
		if n := len(out); n > 0 && last.file == u.file && sameList(last.list, u.list) && last.index+1 == u.index && last.lock == u.lock && !isReturn(last.stmt) {
			r := out[n-1]
			r.Stmts = append(r.Stmts, u.stmt)
			r.Sites = append(r.Sites, u.sites...)
			r.Read = r.Read && rw && !u.write
			for _, f := range u.owners {
				if !slices.Contains(r.Owners, f) {
					r.Owners = append(r.Owners, f)
				}
			}
			last = u
			continue
		}
		out = append(out, &Region{File: u.file, Stmts: []ast.Stmt{u.stmt}, Lock: u.lock, Read: rw && !u.write, Sites: u.sites, Owners: u.owners})
		last = u
	}
	return out, nil
}

// rwOf reports whether the guard of every finding is a sync.RWMutex, so
// that a region that only reads may take RLock.
func rwOf(fs []*detect.Finding) bool {
	for _, f := range fs {
		if !f.Guard.RW {
			return false
		}
	}
	return true
}

func findUnit(us []*unit, s ast.Stmt) *unit {
	for _, u := range us {
		if u.stmt == s {
			return u
		}
	}
	return nil
}

func sameList(a, b []ast.Stmt) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

func isReturn(s ast.Stmt) bool {
	_, ok := s.(*ast.ReturnStmt)
	return ok
}

// unitOf finds the statement list that holds the site's statement.
func (p *planner) unitOf(f *detect.Finding, s detect.GuardSite) (*unit, error) {
	file := s.Use.File
	at := s.Use.Pos()
	if s.Stmt == nil {
		return nil, &Refusal{Pos: at, Msg: "the access is not in a statement a lock can be taken around"}
	}
	if p.fset.File(s.Stmt.Pos()) != p.fset.File(file.Syntax.Pos()) {
		// A statement in another file than the access: a call of the
		// function that makes it, held at a caller.
		if p.opts.FileOf != nil {
			file = p.opts.FileOf(s.Stmt.Pos())
		}
		if file == nil || p.fset.File(s.Stmt.Pos()) != p.fset.File(file.Syntax.Pos()) {
			return nil, &Refusal{Pos: at, Msg: "the statement to hold the lock around is in a file that was not loaded (a mapfix bug)"}
		}
		at = s.Stmt.Pos()
	}
	if !file.Writable || file.Cgo {
		return nil, &Refusal{Pos: at, Msg: "the access is in a file mapfix may not change"}
	}
	if f.InTests && !strings.HasSuffix(file.Name, "_test.go") {
		return nil, &Refusal{Pos: at, Msg: "only tests race on it, but this access is outside the test files"}
	}
	switch st := s.Stmt.(type) {
	case *ast.GoStmt:
		if within(st.Call, s.Use.Node) && !inArgs(st.Call, s.Use.Node) {
			return nil, &Refusal{Pos: at, Msg: "the access is the call of a go statement, which runs on the new goroutine"}
		}
	case *ast.DeferStmt:
		if within(st.Call, s.Use.Node) && !inArgs(st.Call, s.Use.Node) {
			return nil, &Refusal{Pos: at, Msg: "the access is the call of a defer statement, which runs when the function returns"}
		}
	case *ast.CaseClause, *ast.CommClause, *ast.BlockStmt:
		return nil, &Refusal{Pos: at, Msg: "the access is not in a statement a lock can be taken around"}
	}
	path, _ := astutil.PathEnclosingInterval(file.Syntax, s.Stmt.Pos(), s.Stmt.End())
	var parent ast.Node
	for i, n := range path {
		if n == ast.Node(s.Stmt) && i+1 < len(path) {
			parent = path[i+1]
			break
		}
	}
	var list []ast.Stmt
	switch pn := parent.(type) {
	case *ast.BlockStmt:
		list = pn.List
	case *ast.CaseClause:
		list = pn.Body
	case *ast.CommClause:
		list = pn.Body
	}
	index := -1
	for i, x := range list {
		if x == s.Stmt {
			index = i
		}
	}
	if index < 0 {
		return nil, &Refusal{Pos: at, Msg: "the access is in a statement that does not stand in a block (the header of an if, for or switch), so no lock can be taken just around it"}
	}
	lock := lockName(f.Guard, s)
	return &unit{file: file, stmt: s.Stmt, list: list, index: index, lock: lock, write: s.Write, sites: []detect.GuardSite{s}}, nil
}

func within(outer, n ast.Node) bool {
	return n != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// inArgs reports whether n lies in the arguments of call, or in its
// function expression short of the call itself (the receiver of a method
// value): both are evaluated where the go or defer statement stands.
func inArgs(call *ast.CallExpr, n ast.Node) bool {
	for _, a := range call.Args {
		if within(a, n) {
			return true
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && within(sel.X, n) {
		// m[k].Close() deferred: m[k] is evaluated now.
		if _, isCall := n.(*ast.CallExpr); !isCall {
			return true
		}
	}
	return false
}

// source returns the file's original bytes.
func (p *planner) source(f *load.File) ([]byte, error) {
	if f.Src != nil {
		return f.Src, nil
	}
	if b, ok := p.src[f]; ok {
		return b, nil
	}
	read := p.opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	b, err := read(f.Name)
	if err != nil {
		return nil, fmt.Errorf("lock fix: %w", err)
	}
	p.src[f] = b
	return b, nil
}

// edits are the insertions of one region: Lock before, Unlock after (or
// defer Unlock before a closing return), and Unlock before each way out.
func (p *planner) edits(r *Region) ([]Edit, error) {
	src, err := p.source(r.File)
	if err != nil {
		return nil, err
	}
	tf := p.fset.File(r.Pos())
	t := &text{src: src, tf: tf, file: r.File.Syntax}
	lock, unlock := r.Lock+".Lock()", r.Lock+".Unlock()"
	if r.Read {
		lock, unlock = r.Lock+".RLock()", r.Lock+".RUnlock()"
	}
	first, lastStmt := r.Stmts[0], r.Stmts[len(r.Stmts)-1]
	var out []Edit
	if isReturn(lastStmt) {
		if len(r.Stmts) == 1 {
			out = append(out, t.before(first, lock, "defer "+unlock))
		} else {
			out = append(out, t.before(first, lock), t.before(lastStmt, "defer "+unlock))
		}
	} else {
		out = append(out, t.before(first, lock), t.after(lastStmt, unlock))
	}
	for _, s := range r.Stmts {
		exits, err := exitsOf(s)
		if err != nil {
			return nil, err
		}
		for _, x := range exits {
			line := unlock
			if ret, ok := x.(*ast.ReturnStmt); ok && touchesMap(r, ret) {
				// The results read the map: hold it until they are
				// computed.
				line = "defer " + unlock
			}
			out = append(out, t.before(x, line))
		}
	}
	for i := range out {
		out[i].Pos = tf.Pos(out[i].Offset)
	}
	return out, nil
}

// touchesMap reports whether any use of the region's maps lies in n.
func touchesMap(r *Region, n ast.Node) bool {
	for _, f := range r.Owners {
		for _, u := range f.Class.Uses {
			if u.File == r.File && u.Op != mapclass.Make && within(n, u.Node) {
				return true
			}
		}
	}
	return false
}

// exitsOf returns the statements that leave s other than by its end: a
// return, or a break or continue whose target lies outside s. A goto out
// of s is an error: where it lands, the lock would still be held.
func exitsOf(s ast.Stmt) ([]ast.Stmt, error) {
	core := s
	labels := make(map[string]bool)
	for {
		l, ok := core.(*ast.LabeledStmt)
		if !ok {
			break
		}
		labels[l.Label.Name] = true
		core = l.Stmt
	}
	if _, ok := core.(*ast.ReturnStmt); ok {
		return nil, nil // the region's own return: handled by the caller
	}
	ast.Inspect(s, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	var out []ast.Stmt
	var err error
	var walk func(n ast.Node, breakIn, continueIn bool)
	walk = func(n ast.Node, breakIn, continueIn bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if err != nil {
				return false
			}
			if c == n {
				return true
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(c, true, true)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(c, true, continueIn)
				return false
			case *ast.ReturnStmt:
				out = append(out, c)
			case *ast.BranchStmt:
				switch {
				case c.Tok == token.FALLTHROUGH:
				case c.Label != nil && labels[c.Label.Name]:
				case c.Tok == token.GOTO:
					err = &Refusal{Pos: c.Pos(), Msg: "a goto leaves the statement the lock is held around"}
				case c.Label != nil:
					out = append(out, c)
				case c.Tok == token.BREAK && !breakIn, c.Tok == token.CONTINUE && !continueIn:
					out = append(out, c)
				}
			}
			return true
		})
	}
	switch core.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		walk(core, true, true)
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		walk(core, true, false)
	default:
		walk(core, false, false)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out, err
}

// text places lines in a file's original text.
type text struct {
	src  []byte
	tf   *token.File
	file *ast.File
}

// before inserts lines before s, and before the comment lines right
// above it, which belong to it; each line indented as s is.
func (t *text) before(s ast.Stmt, lines ...string) Edit {
	anchor := t.tf.Offset(s.Pos())
	if c := t.leadingComment(s); c != nil {
		anchor = t.tf.Offset(c.Pos())
	}
	ls := lineStart(t.src, anchor)
	if isSpace(t.src[ls:anchor]) {
		indent := string(t.src[ls:anchor])
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(indent + l + "\n")
		}
		return Edit{Offset: ls, Text: b.String()}
	}
	// s shares its line with what comes before it (case 1: m[k] = v):
	// break the line; gofmt settles the indentation.
	indent := t.innerIndent(s)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\n" + indent + l)
	}
	b.WriteString("\n" + indent)
	return Edit{Offset: anchor, Text: b.String()}
}

// after inserts a line after s, after a comment that ends s's line.
func (t *text) after(s ast.Stmt, line string) Edit {
	end := t.tf.Offset(s.End())
	le := lineEnd(t.src, end)
	rest := strings.TrimSpace(string(t.src[end:le]))
	indent := t.indentOf(s)
	if rest == "" || (strings.HasPrefix(rest, "//") && !strings.Contains(rest, "*/")) {
		if le < len(t.src) {
			return Edit{Offset: le + 1, Text: indent + line + "\n"}
		}
		return Edit{Offset: le, Text: "\n" + indent + line}
	}
	return Edit{Offset: end, Text: "\n" + indent + line + "\n" + strings.TrimSuffix(indent, "\t")}
}

// indentOf is the indentation of s's line when s starts it, else one
// more than the line that holds s's block.
func (t *text) indentOf(s ast.Stmt) string {
	off := t.tf.Offset(s.Pos())
	ls := lineStart(t.src, off)
	if isSpace(t.src[ls:off]) {
		return string(t.src[ls:off])
	}
	return t.innerIndent(s)
}

// innerIndent is one tab more than the line of the block or clause that
// holds s.
func (t *text) innerIndent(s ast.Stmt) string {
	path, _ := astutil.PathEnclosingInterval(t.file, s.Pos(), s.End())
	for _, n := range path {
		if n == ast.Node(s) {
			continue
		}
		switch n.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			off := t.tf.Offset(n.Pos())
			ls := lineStart(t.src, off)
			return leadingSpace(t.src[ls:]) + "\t"
		}
	}
	return "\t"
}

// leadingComment returns the comment group on the lines right above s,
// alone on its lines, or nil.
func (t *text) leadingComment(s ast.Stmt) *ast.CommentGroup {
	line := t.tf.Line(s.Pos())
	for _, c := range t.file.Comments {
		if c.End() > s.Pos() {
			break
		}
		if t.tf.Line(c.End()) != line-1 {
			continue
		}
		off := t.tf.Offset(c.Pos())
		if !isSpace(t.src[lineStart(t.src, off):off]) {
			return nil // it ends the line of the statement before
		}
		return c
	}
	return nil
}

func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(src)
}

func isSpace(b []byte) bool {
	return len(bytes.TrimLeft(b, " \t")) == 0
}

func leadingSpace(b []byte) string {
	return string(b[:len(b)-len(bytes.TrimLeft(b, " \t"))])
}

// Apply inserts edits (sorted by offset) into src and formats the result.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	var b bytes.Buffer
	prev := 0
	for _, e := range edits {
		if e.Offset < prev || e.Offset > len(src) {
			return nil, fmt.Errorf("lock fix: edit at offset %d out of order", e.Offset)
		}
		b.Write(src[prev:e.Offset])
		b.WriteString(e.Text)
		prev = e.Offset
	}
	b.Write(src[prev:])
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("lock fix: the edited file does not parse (a mapfix bug): %w", err)
	}
	return out, nil
}
