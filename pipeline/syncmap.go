package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/rewrite"
)

// SyncMapReport is the outcome of a sync.Map migration (rewrite -syncmap).
type SyncMapReport struct {
	Prog *load.Program
	// Result lists every sync.Map found, migrated or refused with its
	// reasons.
	Result *rewrite.SyncMapResult
	// Files are every file to write: migrated sources, then the generated
	// package of each module they belong to.
	Files []apply.File
	// LoadErr names the packages that did not type-check; they were left
	// alone.
	LoadErr error
}

// MigrateSyncMaps loads the packages and migrates their sync.Maps to the
// generated Map[K, V]. It does nothing else: the shared plain maps are
// rewrite's business without -syncmap. Like Rewrite, it type-checks the
// result before returning it; a map whose migration does not compile is
// refused with the compiler's message and the others are tried again.
func MigrateSyncMaps(cfg Config) (*SyncMapReport, error) {
	cfg.Load.KeepGoing = true
	cfg.stage("loading packages")
	prog, err := load.Load(cfg.Load)
	if err != nil && prog == nil {
		return nil, err
	}
	r := &SyncMapReport{Prog: prog, LoadErr: err}
	if cfg.PkgPath != "" {
		if err := checkPkg(cfg); err != nil {
			return nil, err
		}
	}
	opts := rewriteOptions(cfg)
	cfg.stage("planning the sync.Map migration")
	r.Result = rewrite.PlanSyncMaps(prog, opts)
	v := &verifier{cfg: cfg, prog: prog, loadErr: r.LoadErr}
	for {
		if err := r.Result.Edit(prog, opts); err != nil {
			return nil, err
		}
		files, roots, err := syncMapFiles(cfg, r.Result)
		if err != nil {
			return nil, err
		}
		r.Files = files
		if len(files) == 0 {
			return r, nil
		}
		cfg.stage("type-checking the migration")
		errs, err := v.check(files, roots)
		if err != nil {
			return nil, err
		}
		if len(errs) == 0 {
			return r, nil
		}
		if !refuseBlamed(prog, r, errs) {
			return nil, fmt.Errorf("the migrated code does not type-check, and mapfix cannot tell which map's migration the errors come from, so nothing was written (this is a mapfix bug; please report it with the input):\n%s", errorList(errs))
		}
	}
}

// syncMapFiles returns the migrated files and the generated package of
// each module they belong to, with the modules (dir -> path) to check.
func syncMapFiles(cfg Config, res *rewrite.SyncMapResult) ([]apply.File, map[string]string, error) {
	var files []apply.File
	roots := make(map[string]string)
	for _, ch := range res.Changes {
		if ch.Module == "" {
			return nil, nil, fmt.Errorf("%s: not in a module", ch.Path)
		}
		roots[ch.Module] = ch.ModulePath
		files = append(files, apply.File{Path: ch.Path, Root: ch.Module, Old: ch.Old, New: ch.New})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	if cfg.PkgPath == "" {
		dirs := make([]string, 0, len(roots))
		for dir := range roots {
			dirs = append(dirs, dir)
		}
		sort.Strings(dirs)
		for _, dir := range dirs {
			gen, err := generatedFiles(dir, cfg.Version)
			if err != nil {
				return nil, nil, err
			}
			files = append(files, gen...)
		}
	}
	return files, roots, nil
}

// refuseBlamed refuses the maps the type errors point at: an error in a
// migrated file blames the maps edited on its lines (or else in that
// file); one in a file the migration did not change blames the maps
// declared in its package or the packages it imports. It reports whether
// any map was refused.
func refuseBlamed(prog *load.Program, r *SyncMapReport, errs []typeError) bool {
	changed := make(map[string]apply.File)
	for _, f := range r.Files {
		if f.Old != nil {
			changed[f.Path] = f
		}
	}
	blamed := make(map[*rewrite.SyncMap]string)
	for _, e := range errs {
		first, _, _ := strings.Cut(e.msg, "\n")
		var ms []*rewrite.SyncMap
		text := e.text
		if f, ok := changed[e.file]; ok {
			from, to := oldLines(f.Old, f.New, e.line)
			ms = r.Result.MapsAt(prog, e.file, from, to)
			if len(ms) == 0 {
				ms = r.Result.MapsNamedAt(prog, e.file, from, to)
			}
			if len(ms) == 0 {
				ms = r.Result.MapsIn(e.file, "")
			}
			text = fmt.Sprintf("line %d: %s", from, first)
		} else {
			for _, p := range append([]string{e.pkg}, e.imports...) {
				ms = append(ms, r.Result.MapsIn("", strings.TrimSuffix(p, "_test"))...)
			}
		}
		for _, m := range ms {
			if _, ok := blamed[m]; !ok {
				blamed[m] = text
			}
		}
	}
	for m, text := range blamed {
		m.Refuse(m.Pos, "the migrated code does not compile: "+text)
	}
	return len(blamed) > 0
}
