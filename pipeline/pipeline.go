// Package pipeline runs mapfix's stages in their one direction (load, find
// classes, detect, rewrite, add the generated package, verify) for the
// command line and for tests, which must see exactly what a user sees.
package pipeline

import (
	"fmt"
	"go/ast"
	"runtime"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/profile"
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
	// Profile (-profile) is a CPU, mutex or block profile of the code:
	// each finding gets its share (Report.Shares), and rewrite makes the
	// maps it shows cold with NewSmall.
	Profile string
	// Confidence (-confidence) is the least sure finding to show (Check)
	// or rewrite (Rewrite); empty means the command's default: likely
	// for Check (possible with Exported), certain for Rewrite. Findings
	// named by Only are acted on whatever their confidence.
	Confidence detect.Confidence
	// API (-api) allows a rewrite that changes the exported API of a
	// package other modules can import; it needs PkgPath, a package
	// those importers can import too.
	API bool
	// Fix (-fix) is the fix to make: the lock most accesses already hold
	// where it can be taken (FixLock), the sharded map (FixShardedMap),
	// or the first where possible, else the second (FixAuto, the
	// default, also when empty).
	Fix FixKind
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
	// Below are the findings left out for being less sure than the
	// confidence asked for (Config.Confidence).
	Below []*detect.Finding
	// Fixes holds the fix chosen for each finding: the lock, the sharded
	// map, or none (refused, with the reasons in Rewrite.Refused).
	Fixes map[*detect.Finding]*Fix
	// Shares holds, with Config.Profile, each finding's share of the
	// profile: map operations at its accesses and lock waits around them.
	Shares map[*detect.Finding]profile.Share

	// cold holds the classes the profile shows cold, which the rewrite
	// makes small.
	cold map[*mapclass.Class]bool
	// lockOnly holds the files only lock fixes change: their modules
	// need no generated package.
	lockOnly map[string]bool
}

// Check loads the packages, finds the shared maps, and plans their rewrite
// (without printing any file) so that each finding says whether it can be
// rewritten and why not.
func Check(cfg Config) (*Report, error) {
	defer lowerGC()()
	var raceLog *racelog.Log
	if cfg.RaceLog != "" {
		var err error
		if raceLog, err = readRaceLog(cfg); err != nil {
			return nil, err
		}
	}
	var prof *profile.Profile
	if cfg.Profile != "" {
		var err error
		if prof, err = readProfile(cfg); err != nil {
			return nil, err
		}
	}
	cfg.stage("loading packages")
	prog, err := load.Load(cfg.Load)
	if err != nil && prog == nil {
		return nil, err
	}
	loadErr := err // with Load.KeepGoing: the packages that did not load
	// Collect the load's garbage (parsing and type-checking scratch) now,
	// so that the analysis, whose two stages allocate at once, grows the
	// heap from what stays live: the peak RSS on x/tools was 279 to 334
	// MB from run to run without this and 285 to 287 with it, for about
	// 0.05 s.
	runtime.GC()
	if n := len(prog.Packages); n == 1 {
		cfg.stage("analysing 1 package")
	} else {
		cfg.stage("analysing %d packages", n)
	}
	// The classes and the class-independent analysis only read the
	// program: build them side by side (a second core is otherwise idle
	// once the load is done).
	var set *mapclass.Set
	built := make(chan struct{})
	go func() {
		defer close(built)
		set = mapclass.Build(prog)
	}()
	prepared := detect.Prepare(prog, detect.Options{Exported: cfg.Exported})
	<-built
	findings := prepared.Run(set)
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
	var below []*detect.Finding
	if len(cfg.Only) > 0 {
		if findings, err = only(findings, cfg.Only); err != nil {
			return nil, err
		}
	} else {
		min := cfg.Confidence
		if min == "" {
			min = detect.Likely
			if cfg.Exported {
				min = detect.Possible
			}
		}
		findings, below = atLeast(findings, min)
	}
	r := &Report{Prog: prog, Findings: findings, Suppressed: len(suppressed), Below: below, Warnings: warnings, LoadErr: loadErr}
	// The lock where it can be taken, the sharded map for the rest. A
	// race only tests make never gets a new map type: the production
	// code holds its lock, and the fix is that lock in the tests.
	chooseFixes(cfg, r)
	if prof != nil {
		profileShares(cfg, r, prof)
	}
	var classes []*mapclass.Class
	for _, f := range shardedClasses(r) {
		classes = append(classes, f.Class)
	}
	opts := rewriteOptions(cfg)
	opts.Small = r.cold
	r.Rewrite = rewrite.Plan(prog, classes, opts)
	noteFixes(cfg, r)
	return r, nil
}

// rewriteOptions are the rewriter's options for a run.
func rewriteOptions(cfg Config) rewrite.Options {
	return rewrite.Options{PkgPath: cfg.PkgPath, API: cfg.API}
}

// ParseConfidence reads the value of -confidence: observed, certain, likely
// or possible.
func ParseConfidence(s string) (detect.Confidence, error) {
	switch c := detect.Confidence(strings.TrimSpace(s)); c {
	case detect.Observed, detect.Certain, detect.Likely, detect.Possible:
		return c, nil
	}
	return "", fmt.Errorf("-confidence %q: want observed, certain, likely or possible", s)
}

// atLeast splits findings into those as sure as min or surer, and the rest.
func atLeast(fs []*detect.Finding, min detect.Confidence) (kept, below []*detect.Finding) {
	for _, f := range fs {
		if f.Confidence.AtLeast(min) {
			kept = append(kept, f)
		} else {
			below = append(below, f)
		}
	}
	return kept, below
}

// belowWarning tells a rewrite's user which findings it left alone for
// their confidence, and how to include them.
func belowWarning(below []*detect.Finding, min detect.Confidence) string {
	var ids []string
	least := below[0].Confidence
	for _, f := range below {
		ids = append(ids, f.ID+" ("+string(f.Confidence)+")")
		if !f.Confidence.AtLeast(least) {
			least = f.Confidence
		}
	}
	return fmt.Sprintf("not rewritten, being less sure than %s: %s; -confidence %s, or -only with their IDs, rewrites them",
		min, strings.Join(ids, ", "), least)
}

// Rewrite is Check followed by the files to write: the rewritten sources
// and the generated shardedmap package of each module they belong to, all
// type-checked together before they are returned.
func Rewrite(cfg Config) (*Report, error) {
	defer lowerGC()() // for the edits and their type-check, after Check's
	// Packages that do not type-check are the user's to fix: they are
	// named in LoadErr and left alone, and the others are rewritten.
	cfg.Load.KeepGoing = true
	if cfg.Confidence == "" {
		cfg.Confidence = detect.Certain
	}
	r, err := Check(cfg)
	if err != nil {
		return nil, err
	}
	if len(r.Below) > 0 {
		r.Warnings = append(r.Warnings, belowWarning(r.Below, cfg.Confidence))
	}
	if cfg.PkgPath != "" {
		if err := checkPkg(cfg); err != nil {
			return nil, err
		}
	}
	cfg.stage("rewriting")
	v := &verifier{cfg: cfg, prog: r.Prog, loadErr: r.LoadErr}
	for {
		if err := r.Rewrite.Edit(r.Prog, rewriteOptions(cfg)); err != nil {
			return nil, err
		}
		if err := applyLocks(r); err != nil {
			return nil, err
		}
		testHookApplied(r)
		files, roots, err := filesToWrite(cfg, r)
		if err != nil {
			return nil, err
		}
		r.Files = files
		if len(files) == 0 {
			return r, nil
		}
		cfg.stage("type-checking the rewrite")
		errs, err := v.check(files, roots)
		if err != nil {
			return nil, err
		}
		if len(errs) == 0 {
			return r, nil
		}
		// Drop the fixes the errors point at and try the rest again.
		if dropLockBlamed(r, errs) {
			continue
		}
		if !dropBlamed(r, errs) {
			return nil, fmt.Errorf("the rewritten code does not type-check, and mapfix cannot tell which map's rewrite the errors come from, so nothing was written (this is a mapfix bug; please report it with the input):\n%s", errorList(errs))
		}
	}
}

// filesToWrite returns the rewritten files and the generated package of
// each module they belong to (module dir -> module path in roots), the
// user's files first, then the generated package: that is the order a
// reviewer wants to read them in.
func filesToWrite(cfg Config, r *Report) ([]apply.File, map[string]string, error) {
	var files []apply.File
	roots := make(map[string]string)
	locked := make(map[string]string) // modules only lock fixes change
	for _, ch := range r.Rewrite.Changes {
		if ch.Module == "" {
			return nil, nil, fmt.Errorf("%s: not in a module", ch.Path)
		}
		if r.lockOnly[ch.Path] {
			locked[ch.Module] = ch.ModulePath
		} else {
			roots[ch.Module] = ch.ModulePath
		}
		files = append(files, apply.File{Path: ch.Path, Root: ch.Module, Old: ch.Old, New: ch.New})
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
				return nil, nil, err
			}
			files = append(files, gen...)
		}
	}
	for dir, path := range locked {
		roots[dir] = path // type-checked with the rest
	}
	sort.SliceStable(files, func(i, j int) bool {
		gi, gj := files[i].Old == nil, files[j].Old == nil
		if gi != gj {
			return !gi
		}
		return files[i].Path < files[j].Path
	})
	return files, roots, nil
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
