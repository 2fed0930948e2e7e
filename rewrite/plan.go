package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dave/dst/dstutil"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// kind is one way of rewriting a syntax node. Each family of rules
// declares its kinds in its own file, beside the planners that choose them
// and the edit that makes them on the decorated file.
type kind struct {
	// edit rewrites the node under the cursor, which the dst tree visits
	// after its children; nil for a node that an enclosing action
	// rewrites (kindSkip).
	edit func(e *editor, c *dstutil.Cursor, a *action)
}

// kindSkip marks a node an enclosing action rewrites, so that no rule
// plans it on its own.
var kindSkip = &kind{}

// action is the planned rewrite of one node.
type action struct {
	kind  *kind
	class *classPlan
	file  *load.File
	// param is the name of the parameter of the function literal that
	// an Update or Compute passes, or that stands for the entry inside it.
	param string
	// data is what the kind's edit needs besides, a type of its family's
	// file (*updateData for an Update ...), or nil.
	data any
}

// classPlan is the set of actions that rewrite one class.
type classPlan struct {
	class    *mapclass.Class
	actions  map[ast.Node]*action
	files    map[*load.File]bool
	refusals []Note
	notes    []Note
	names    nameTable // shared by all plans of one rewrite
	small    bool      // Options.Small: its maps are made with NewSmall
	// seen holds the statements already planned from one of their uses:
	// an assignment with several targets of the class is planned once.
	seen map[ast.Node]bool
}

func (p *classPlan) refuse(pos token.Pos, format string, args ...any) {
	p.refusals = append(p.refusals, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *classPlan) note(pos token.Pos, format string, args ...any) {
	p.notes = append(p.notes, Note{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *classPlan) add(n ast.Node, f *load.File, a *action) {
	a.class, a.file = p, f
	p.actions[n] = a
	p.files[f] = true
}

// planClass decides the action for every declaration and use of c, or why
// c cannot be rewritten.
func planClass(prog *load.Program, c *mapclass.Class, names nameTable, opts Options) *classPlan {
	p := &classPlan{class: c, actions: make(map[ast.Node]*action), files: make(map[*load.File]bool), names: names, seen: make(map[ast.Node]bool), small: opts.Small[c]}
	for _, r := range c.Refusals {
		p.refusals = append(p.refusals, Note{Pos: r.Pos, Msg: r.Msg})
	}
	if c.Type == nil {
		p.refuse(c.Root().Pos(), "%s is not a map", slotName(c.Root()))
		return p
	}
	for _, s := range c.Slots {
		p.planSlot(s)
	}
	// Reads first: a check-then-insert planned as LoadOrStore claims its
	// write before the write is planned on its own.
	uses := append([]*mapclass.Use(nil), c.Uses...)
	sort.SliceStable(uses, func(i, j int) bool {
		return uses[i].Op == mapclass.Read && uses[j].Op != mapclass.Read
	})
	for _, u := range uses {
		if !u.File.Writable {
			why := "which mapfix may not rewrite"
			if u.File.Cgo {
				why = "which uses cgo, so mapfix may not rewrite it"
			}
			p.refuse(u.Pos(), "it is used in %s, %s", filepath.Base(u.File.Name), why)
			continue
		}
		p.planUse(u)
	}
	var modules []string // the import paths of the shardedmap packages the files need
	for f := range p.files {
		ip := ImportPath(f, opts)
		if ip == "" {
			p.refuse(f.Syntax.Pos(), "%s is outside any module", f.Name)
		} else if !slices.Contains(modules, ip) {
			modules = append(modules, ip)
		}
	}
	if len(modules) > 1 {
		// Each module gets its own generated package, and one module
		// cannot import another's internal package.
		sort.Strings(modules)
		p.refuse(c.Root().Pos(), "it flows between modules, whose files would need different packages (%s); pass -pkg with one package that every module can import", strings.Join(modules, ", "))
	}
	p.checkGoVersion(opts)
	return p
}

// GeneratedGoVersion is the oldest go line (of go.mod) at which the
// generated shardedmap package compiles: it uses the min, max and clear
// builtins of Go 1.21.
const GeneratedGoVersion = "1.21"

// checkGoVersion refuses the class when a module whose files it would
// rewrite declares a Go version older than the generated package needs:
// the package would not compile there. A -pkg package is the user's own
// and not checked.
func (p *classPlan) checkGoVersion(opts Options) {
	if opts.PkgPath != "" {
		return
	}
	files := make([]*load.File, 0, len(p.files))
	for f := range p.files {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	seen := make(map[string]bool)
	for _, f := range files {
		m := f.Module
		if m == nil || m.GoVersion == "" || seen[m.Dir] {
			continue
		}
		seen[m.Dir] = true
		if version.Compare("go"+m.GoVersion, "go"+GeneratedGoVersion) < 0 {
			p.refuse(p.class.Root().Pos(), "the generated shardedmap package needs Go %s or later, but module %s says go %s in its go.mod; raise the go line to rewrite this map",
				GeneratedGoVersion, m.Path, m.GoVersion)
		}
	}
}

// slotName names a declaration in a message: an unnamed parameter or
// result by its function.
func slotName(s *mapclass.Slot) string {
	if name := s.Obj.Name(); name != "" {
		return name
	}
	what := "a parameter"
	if s.Kind == mapclass.Result {
		what = "a result"
	}
	if s.Func != nil {
		return what + " of " + s.Func.Name()
	}
	return "an unnamed parameter or result"
}

// fileVersion returns the Go version a file is compiled at, or "".
func fileVersion(f *load.File) string {
	if v := f.Package.TypesInfo.FileVersions[f.Syntax]; v != "" {
		return v
	}
	if f.Module != nil && f.Module.GoVersion != "" {
		return "go" + f.Module.GoVersion
	}
	return ""
}

// isGeneric reports whether fn has type parameters of its own or is a
// method of a generic type.
func isGeneric(fn *types.Func) bool {
	sig := fn.Signature()
	return sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0
}
