// Package pipeline runs mapfix's stages in their one direction (load, find
// classes, detect, rewrite, add the generated package, verify) for the
// command line and for tests, which must see exactly what a user sees.
package pipeline

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/racelog"
	"github.com/mapfix/mapfix/rewrite"
)

// Config is what the user asked for.
type Config struct {
	Load     load.Config
	PkgPath  string   // -pkg: use this shardedmap package instead of generating one
	Only     []string // -only: finding IDs to act on; empty means all
	Exported bool     // -exported
	Version  string   // the mapfix version written into generated files
	RaceLog  string   // -race-log: a file of go test -race output or map crash dumps
	// Progress, if not nil, is called with the name of each stage as it
	// starts ("loading packages", "analysing 12 packages", ...), for the
	// command line to show on a terminal.
	Progress func(stage string)
}

// stage reports the start of a stage to cfg.Progress.
func (cfg Config) stage(format string, args ...any) {
	if cfg.Progress != nil {
		cfg.Progress(fmt.Sprintf(format, args...))
	}
}

// Report is the outcome of a run.
type Report struct {
	Prog     *load.Program
	Findings []*detect.Finding
	// Suppressed counts the findings that //mapfix:ignore dropped.
	Suppressed int
	// Rewrite is the plan for the findings' classes.
	Rewrite *rewrite.Result
	// Files are every file to write: rewritten sources and the generated
	// package, in path order.
	Files []apply.File
	// Warnings are things the user should know that are not errors, such
	// as race log reports that match no map access of the loaded code.
	Warnings []string
	// LoadErr, with Config.Load.KeepGoing, says which packages did not
	// load or type-check; the report covers the others.
	LoadErr error
}

// Check loads the packages, finds the shared maps, and plans their rewrite
// (without printing any file) so that each finding says whether it can be
// rewritten and why not.
func Check(cfg Config) (*Report, error) {
	var raceLog *racelog.Log
	if cfg.RaceLog != "" {
		var err error
		if raceLog, err = readRaceLog(cfg); err != nil {
			return nil, err
		}
	}
	cfg.stage("loading packages")
	prog, err := load.Load(cfg.Load)
	if err != nil && prog == nil {
		return nil, err
	}
	loadErr := err // with Load.KeepGoing: the packages that did not load
	if n := len(prog.Packages); n == 1 {
		cfg.stage("analysing 1 package")
	} else {
		cfg.stage("analysing %d packages", n)
	}
	set := mapclass.Build(prog)
	findings := detect.Run(prog, set, detect.Options{Exported: cfg.Exported})
	var warnings []string
	if raceLog != nil {
		if findings, warnings, err = detect.ObserveLog(prog, set, findings, raceLog, cfg.RaceLog); err != nil {
			return nil, err
		}
	}
	findings = ownFindings(findings)
	findings, suppressed, err := detect.Suppress(prog, findings)
	if err != nil {
		return nil, err
	}
	if len(cfg.Only) > 0 {
		if findings, err = only(findings, cfg.Only); err != nil {
			return nil, err
		}
	}
	var classes []*mapclass.Class
	for _, f := range findings {
		classes = append(classes, f.Class)
	}
	res := rewrite.Plan(prog, classes, rewrite.Options{PkgPath: cfg.PkgPath})
	return &Report{Prog: prog, Findings: findings, Suppressed: len(suppressed), Rewrite: res, Warnings: warnings, LoadErr: loadErr}, nil
}

// Rewrite is Check followed by the files to write: the rewritten sources
// and the generated shardedmap package of each module they belong to, all
// type-checked together before they are returned.
func Rewrite(cfg Config) (*Report, error) {
	cfg.Load.KeepGoing = false // a rewrite needs every package to type-check
	r, err := Check(cfg)
	if err != nil {
		return nil, err
	}
	cfg.stage("rewriting")
	if err := r.Rewrite.Apply(r.Prog, rewrite.Options{PkgPath: cfg.PkgPath}); err != nil {
		return nil, err
	}
	if cfg.PkgPath != "" {
		if err := checkPkg(cfg); err != nil {
			return nil, err
		}
	}
	roots := make(map[string]string) // module dir -> module path
	for _, ch := range r.Rewrite.Changes {
		if ch.Module == "" {
			return nil, fmt.Errorf("%s: not in a module", ch.Path)
		}
		roots[ch.Module] = ch.ModulePath
		r.Files = append(r.Files, apply.File{Path: ch.Path, Root: ch.Module, Old: ch.Old, New: ch.New})
	}
	if cfg.PkgPath == "" {
		// A module that has a generated copy from an older mapfix gets
		// it updated even when no map of it changes now.
		for dir, path := range generatedRoots(r.Prog) {
			if _, ok := roots[dir]; !ok {
				roots[dir] = path
			}
		}
		for dir := range roots {
			gen, err := generatedFiles(dir, cfg.Version)
			if err != nil {
				return nil, err
			}
			r.Files = append(r.Files, gen...)
		}
	}
	// The user's files first, then the generated package: that is the
	// order a reviewer wants to read them in.
	sort.SliceStable(r.Files, func(i, j int) bool {
		gi, gj := r.Files[i].Old == nil, r.Files[j].Old == nil
		if gi != gj {
			return !gi
		}
		return r.Files[i].Path < r.Files[j].Path
	})
	if len(r.Files) > 0 {
		cfg.stage("type-checking the rewrite")
		if err := verify(cfg, r.Files, roots); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// verify type-checks every package of each touched module with the new
// files laid over the old ones: a rewrite that does not compile is never
// written.
func verify(cfg Config, files []apply.File, roots map[string]string) error {
	overlay := make(map[string][]byte, len(files))
	for _, f := range files {
		overlay[f.Path] = f.New
	}
	dirs := make([]string, 0, len(roots))
	for d := range roots {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		lc := cfg.Load
		lc.Dir, lc.Patterns, lc.Overlay = dir, []string{"./..."}, overlay
		if _, err := load.Load(lc); err != nil {
			return fmt.Errorf("the rewritten code of module %s does not type-check, so nothing was written (this is a mapfix bug; please report it with the input):\n%w", roots[dir], err)
		}
	}
	return nil
}

// ownFindings drops findings on maps declared in generated files: the
// user cannot fix those by editing, and mapfix's own generated package
// guards its maps with locks taken in helpers.
func ownFindings(fs []*detect.Finding) []*detect.Finding {
	var out []*detect.Finding
	for _, f := range fs {
		if root := f.Class.Root(); root.File != nil && ast.IsGenerated(root.File.Syntax) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// only keeps the findings whose IDs are listed; an ID that names no
// finding is an error, so that a typo does not pass silently.
func only(fs []*detect.Finding, ids []string) ([]*detect.Finding, error) {
	want := make(map[string]bool)
	for _, id := range ids {
		want[strings.TrimSpace(id)] = true
	}
	var out []*detect.Finding
	for _, f := range fs {
		if want[f.ID] {
			out = append(out, f)
			delete(want, f.ID)
		}
	}
	if len(want) > 0 {
		var missing []string
		for id := range want {
			missing = append(missing, id)
		}
		sort.Strings(missing)
		return nil, fmt.Errorf("-only: no shared map has the ID %s; %s", strings.Join(missing, ", "), knownIDs(fs))
	}
	return out, nil
}

// knownIDs says which IDs -only could have named, for its error: a few
// are listed, more are left to check, which prints each finding's ID.
func knownIDs(fs []*detect.Finding) string {
	const listed = 5
	switch {
	case len(fs) == 0:
		return "these packages have no shared map"
	case len(fs) > listed:
		return fmt.Sprintf("there are %d; mapfix check prints each finding's ID", len(fs))
	}
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return "the IDs here are " + strings.Join(ids, ", ")
}
