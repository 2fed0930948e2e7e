package pipeline

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"sort"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/profile"
)

// ColdShare is the share of a profile below which a finding's map is
// cold: rewrite makes it with NewSmall, which keeps a few shards instead
// of growing to one per core. Under 1% of a program's CPU time (or of its
// lock delay) spent on a map, sharding it further cannot speed the
// program up by more than that.
const ColdShare = 0.01

// readProfile reads the -profile file; a relative name is taken from the
// -C directory, as the go command does.
func readProfile(cfg Config) (*profile.Profile, error) {
	name := cfg.Profile
	if !filepath.IsAbs(name) && cfg.Load.Dir != "" {
		name = filepath.Join(cfg.Load.Dir, name)
	}
	p, err := profile.Read(name)
	if err != nil {
		return nil, err
	}
	if p.Samples == 0 {
		return nil, fmt.Errorf("profile %s: no samples (did the program run long enough to be sampled?)", name)
	}
	return p, nil
}

// profileShares gives each finding its share of the profile
// (Report.Shares) and picks the cold ones (Report.cold). Where the
// profile's map and lock samples fall in none of the loaded files, it is
// the profile of other code: every share is 0, it says so, and no map is
// called cold on its word.
func profileShares(cfg Config, r *Report, p *profile.Profile) {
	var files []profile.File
	for _, f := range r.Prog.Files() {
		name := r.Prog.Fset.Position(f.Syntax.Pos()).Filename
		files = append(files, profile.File{Path: name, Trimmed: trimmedName(f, name)})
	}
	matched := p.Match(files)
	r.Shares = make(map[*detect.Finding]profile.Share)
	for _, f := range append(append([]*detect.Finding(nil), r.Findings...), r.Below...) {
		acc, locks := classSpans(r.Prog, f.Class)
		r.Shares[f] = p.Share(acc, locks)
	}
	switch {
	case p.OpShare() == 0:
		r.Warnings = append(r.Warnings, fmt.Sprintf("profile %s: no sample is in a map operation or a lock wait, so every share is 0 and no map is made small", cfg.Profile))
		return
	case matched == 0:
		r.Warnings = append(r.Warnings, fmt.Sprintf("profile %s: none of its samples in map operations or lock waits are in the loaded packages (is it a profile of this code?), so every share is 0 and no map is made small", cfg.Profile))
		return
	}
	if cfg.PkgPath != "" {
		// The -pkg package is the user's; it need not have NewSmall.
		return
	}
	r.cold = make(map[*mapclass.Class]bool)
	for _, f := range r.Findings {
		if r.Shares[f].Sum() < ColdShare {
			r.cold[f.Class] = true
		}
	}
}

// trimmedName is the name go build -trimpath gives the file name of f:
// the module path and the file's path in the module ("example.com/m/pkg/a.go"),
// or outside a module its package's path and base name.
func trimmedName(f *load.File, name string) string {
	if m := f.Module; m != nil && m.Dir != "" {
		if rel, err := filepath.Rel(m.Dir, name); err == nil && filepath.IsLocal(rel) {
			return m.Path + "/" + filepath.ToSlash(rel)
		}
	}
	return f.Package.PkgPath + "/" + filepath.Base(name)
}

// classSpans returns the lines of c's accesses, where its map operations
// are called from, and the lines of the locks around them, where lock
// waits are charged: in the function of each access, the nearest Lock or
// RLock call at or before it, where a CPU or block profile waits, and
// the nearest Unlock or RUnlock at or after it, where a mutex profile
// records the delay; for a deferred unlock, which runs where the function
// returns, its return statements and closing brace.
func classSpans(prog *load.Program, c *mapclass.Class) (accesses, locks []profile.Span) {
	funcs := make(map[ast.Node]*funcLocks)
	for _, u := range c.Uses {
		// Positions as the compiler records them for the binary: after
		// //line directives, as for cgo's files.
		from := prog.Fset.Position(u.Pos())
		if !from.IsValid() {
			continue
		}
		last := from.Line
		if u.Expr != nil {
			last = max(last, prog.Fset.Position(u.Expr.End()).Line)
		}
		accesses = append(accesses, profile.Span{File: from.Filename, First: from.Line, Last: last})
		fn := u.Func()
		if fn == nil {
			continue
		}
		fl := funcs[fn]
		if fl == nil {
			fl = lockLines(prog, fn)
			funcs[fn] = fl
		}
		line := func(l int) { locks = append(locks, profile.Span{File: from.Filename, First: l, Last: l}) }
		if l, ok := nearest(fl.lock, from.Line, true); ok {
			line(l)
		}
		if l, ok := nearest(fl.unlock, from.Line, false); ok {
			line(l)
		}
		if fl.deferred {
			for _, l := range fl.exits {
				line(l)
			}
		}
	}
	return accesses, locks
}

// funcLocks are the lines of one function's lock calls.
type funcLocks struct {
	lock, unlock []int // lines of Lock and RLock, Unlock and RUnlock calls, in order
	deferred     bool  // an Unlock or RUnlock is deferred
	exits        []int // lines of its return statements and closing brace
}

// lockLines finds the lock calls of the function fn, leaving out the
// function literals inside it, which are functions of their own.
func lockLines(prog *load.Program, fn ast.Node) *funcLocks {
	fl := &funcLocks{}
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return fl
	}
	line := func(n ast.Node) int { return prog.Fset.Position(n.Pos()).Line }
	fl.exits = append(fl.exits, prog.Fset.Position(body.Rbrace).Line)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			fl.exits = append(fl.exits, line(n))
		case *ast.DeferStmt:
			if name := methodName(n.Call); name == "Unlock" || name == "RUnlock" {
				fl.deferred = true
				return false
			}
		case *ast.CallExpr:
			switch methodName(n) {
			case "Lock", "RLock":
				fl.lock = append(fl.lock, line(n))
			case "Unlock", "RUnlock":
				fl.unlock = append(fl.unlock, line(n))
			}
		}
		return true
	})
	return fl
}

// methodName returns the name of the method call calls, or "".
func methodName(call *ast.CallExpr) string {
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && len(call.Args) == 0 {
		return sel.Sel.Name
	}
	return ""
}

// nearest returns the last line of lines at or before l (before), or the
// first at or after it.
func nearest(lines []int, l int, before bool) (int, bool) {
	best, ok := 0, false
	for _, x := range lines {
		switch {
		case before && x <= l && (!ok || x > best),
			!before && x >= l && (!ok || x < best):
			best, ok = x, true
		}
	}
	return best, ok
}

// ByShare returns fs ordered by their share of the profile, highest
// first; findings of equal share keep their order. Without a profile it
// returns fs.
func (r *Report) ByShare(fs []*detect.Finding) []*detect.Finding {
	if r.Shares == nil {
		return fs
	}
	out := append([]*detect.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		return r.Shares[out[i]].Sum() > r.Shares[out[j]].Sum()
	})
	return out
}
