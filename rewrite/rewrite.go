// Package rewrite turns the map classes mapfix was asked to fix into
// *shardedmap.Map values: it plans an action for every declaration and
// operation of each class, refuses a whole class when any of them cannot be
// rewritten faithfully, and edits the syntax of the rest with dst so that
// comments and layout survive. Writing the files is not its business (see
// internal/apply). The rules, plan and edit side by side, are listed in
// rules.go.
package rewrite

import (
	"fmt"
	"go/token"
	"sort"

	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
)

// Options configures a rewrite.
type Options struct {
	// PkgPath is the import path of the shardedmap package. Empty means
	// "<module path>/internal/shardedmap" of the module of each file.
	PkgPath string
	// API allows rewriting maps in the exported API of a package that
	// other modules can import (with PkgPath, which they can import too).
	API bool
	// Small holds the classes whose maps are made with NewSmall instead
	// of New: a profile showed them cold, so the full table of shards
	// would cost memory for nothing.
	Small map[*mapclass.Class]bool
}

// Note is a message about a rewritten or refused class, with a position.
type Note struct {
	Pos token.Pos
	Msg string
}

// Change is the new content of one file.
type Change struct {
	Path   string // absolute
	Old    []byte
	New    []byte
	Module string // the directory of the file's main module
	// ModulePath is the module path of the file's main module.
	ModulePath string
	// Reformatted reports that the file was not gofmt-clean before, so the
	// printer changed lines that mapfix did not rewrite.
	Reformatted bool
}

// Result is what a rewrite produced.
type Result struct {
	Changes []*Change
	// Rewritten are the classes that were rewritten.
	Rewritten []*mapclass.Class
	// Refused maps each class that could not be rewritten to its reasons.
	Refused map[*mapclass.Class][]Note
	// Notes are warnings about rewritten classes, such as a
	// read-modify-write that is no longer atomic.
	Notes map[*mapclass.Class][]Note

	plans []*classPlan // of the rewritable classes, for Edit
}

// Plan decides which of the given classes can be rewritten and how, without
// touching any file: classes that cannot be rewritten are listed in
// Result.Refused with their reasons, and no class is ever rewritten in part.
// It is all that check needs.
func Plan(prog *load.Program, classes []*mapclass.Class, opts Options) *Result {
	res := &Result{
		Refused: make(map[*mapclass.Class][]Note),
		Notes:   make(map[*mapclass.Class][]Note),
	}
	names := make(nameTable)
	var excluded []*excludedFile
	var ifaces ifaceIndex
	if len(classes) > 0 {
		excluded = excludedFiles(prog)
		ifaces = newIfaceIndex(prog)
	}
	for _, c := range classes {
		p := planClass(prog, c, names, opts)
		refuseExcludedRefs(p, excluded)
		refuseInterfaceMethods(p, ifaces)
		checkExportedAPI(p, opts)
		if len(p.refusals) > 0 {
			res.Refused[c] = p.refusals
			continue
		}
		res.plans = append(res.plans, p)
		res.Rewritten = append(res.Rewritten, c)
		if len(p.notes) > 0 {
			res.Notes[c] = p.notes
		}
	}
	return res
}

// Edit rewrites the syntax of the files of the planned classes with dst
// and fills Result.Changes; it writes nothing.
func (res *Result) Edit(prog *load.Program, opts Options) error {
	byFile := make(map[*load.File][]*classPlan)
	for _, p := range res.plans {
		for f := range p.files {
			byFile[f] = append(byFile[f], p)
		}
	}
	files := make([]*load.File, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for _, f := range files {
		ch, err := editFile(prog, f, byFile[f], opts)
		if err != nil {
			return fmt.Errorf("rewrite %s: %w", f.Name, err)
		}
		if ch != nil {
			res.Changes = append(res.Changes, ch)
		}
	}
	return nil
}

// ImportPath returns the import path of the shardedmap package for a file.
func ImportPath(f *load.File, opts Options) string {
	if opts.PkgPath != "" {
		return opts.PkgPath
	}
	if f.Module == nil {
		return ""
	}
	return f.Module.Path + "/internal/shardedmap"
}
