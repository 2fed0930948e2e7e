package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/rewrite"
	"github.com/mapfix/mapfix/rewrite/lockfix"
)

// FixKind says which fix a finding gets (-fix).
type FixKind string

// The fixes. Auto is what -fix asks for by default: the lock where one
// can be taken, else the sharded map.
const (
	FixAuto       FixKind = "auto"
	FixLock       FixKind = "lock"
	FixShardedMap FixKind = "shardedmap"
	// FixNone is the fix of a finding that gets neither: a race only
	// tests make whose lock cannot be taken, or -fix=lock without a lock.
	FixNone FixKind = "none"
)

// ParseFix reads the value of -fix: auto, lock or shardedmap.
func ParseFix(s string) (FixKind, error) {
	switch k := FixKind(strings.TrimSpace(s)); k {
	case FixAuto, FixLock, FixShardedMap:
		return k, nil
	case "":
		return FixAuto, nil
	}
	return "", fmt.Errorf("-fix %q: want auto, lock or shardedmap", s)
}

// Fix is the fix chosen for one finding.
type Fix struct {
	Kind FixKind
	// Lock is the lock fix, with Kind lock.
	Lock *lockfix.Fix
	// NoLock says why the finding does not get the lock fix when it has
	// a guard, e.g. a site where taking the lock would deadlock; nil when
	// it gets the lock, or no lock guards most of its accesses.
	NoLock *lockfix.Refusal
}

// chooseFixes decides the fix of each finding for the -fix asked for.
func chooseFixes(cfg Config, r *Report) {
	want := cfg.Fix
	if want == "" {
		want = FixAuto
	}
	r.Fixes = make(map[*detect.Finding]*Fix, len(r.Findings))
	var fixes map[*detect.Finding]*lockfix.Fix
	var errs map[*detect.Finding]error
	if want != FixShardedMap {
		// Planned together: maps guarded by one lock may share a
		// statement, which must take it once.
		fixes, errs = lockfix.PlanAll(r.Prog.Fset, r.Findings, lockfix.Options{FileOf: r.Prog.FileOf})
	}
	for _, f := range r.Findings {
		fix := &Fix{Kind: FixShardedMap}
		r.Fixes[f] = fix
		if lf := fixes[f]; lf != nil {
			fix.Kind, fix.Lock = FixLock, lf
			continue
		}
		var refusal *lockfix.Refusal
		switch err := errs[f]; {
		case err == nil:
		case errors.As(err, &refusal):
			if namesLock(f.Guard) {
				fix.NoLock = refusal
			}
		default:
			// Reading a file failed: say so, as the reason.
			fix.NoLock = &lockfix.Refusal{Pos: f.Pos, Msg: err.Error()}
		}
		if want == FixLock || f.InTests {
			fix.Kind = FixNone
		}
	}
}

// namesLock reports whether the guard's lock can be named at some site:
// only then was the lock fix a real choice, worth saying why it was not
// made. (A channel used as a semaphore, or a lock reached another way at
// every site, is no lock a statement can take.)
func namesLock(g *detect.Guard) bool {
	if g == nil {
		return false
	}
	for _, s := range g.Sites {
		if s.Lock != "" {
			return true
		}
	}
	return false
}

// replanLocks plans the lock fixes still chosen anew, together, after
// some were dropped: a statement they shared may now belong to fewer of
// them. A fix that can no longer be planned is dropped with the reason.
func replanLocks(r *Report) {
	var fs []*detect.Finding
	for _, f := range r.Findings {
		if r.Fixes[f].Kind == FixLock {
			fs = append(fs, f)
		}
	}
	fixes, errs := lockfix.PlanAll(r.Prog.Fset, fs, lockfix.Options{FileOf: r.Prog.FileOf})
	for _, f := range fs {
		if lf := fixes[f]; lf != nil {
			r.Fixes[f].Lock = lf
			continue
		}
		dropLock(r, f, "its lock fix cannot be placed: "+errs[f].Error())
	}
}

// noteFixes records, in the plan, what each finding's fix is when it is
// not the sharded map alone: the lock fix as a note, a finding with no
// fix as refused, and a sharded map chosen over a lock that cannot be
// taken as a note saying why. A sharded map the plan refused becomes no
// fix. The command prints these on stderr.
func noteFixes(cfg Config, r *Report) {
	res := r.Rewrite
	for _, f := range r.Findings {
		fix := r.Fixes[f]
		switch fix.Kind {
		case FixLock:
			res.Notes[f.Class] = append(res.Notes[f.Class], rewrite.Note{Pos: fix.Lock.Regions[0].Pos(), Msg: lockNote(r, fix.Lock)})
		case FixNone:
			var msg string
			switch {
			case f.InTests && cfg.Fix == FixShardedMap:
				msg = "only tests access it without the lock the rest of the code holds: the fix is that lock in the tests (-fix=auto or lock), never a new map type"
			case f.InTests && fix.NoLock != nil:
				msg = "only tests access it without the lock the rest of the code holds, and " + fix.NoLock.Msg + "; the production map is left as it is"
			case f.InTests:
				msg = "only tests access it without the lock the rest of the code holds: the smaller fix goes in the tests"
			case fix.NoLock != nil:
				msg = "no lock fix (-fix=lock): " + fix.NoLock.Msg + "; -fix=auto or shardedmap rewrites it into a sharded map"
			default:
				msg = "no lock fix (-fix=lock): no lock is held at most of its accesses; -fix=auto or shardedmap rewrites it into a sharded map"
			}
			pos := f.Pos
			if fix.NoLock != nil && fix.NoLock.Pos.IsValid() {
				pos = fix.NoLock.Pos
			}
			res.Refused[f.Class] = append(res.Refused[f.Class], rewrite.Note{Pos: pos, Msg: msg})
		case FixShardedMap:
			if len(res.Refused[f.Class]) > 0 {
				// The map cannot be rewritten (Refused says why): no fix
				// is made, and check must not promise one.
				fix.Kind = FixNone
				if fix.NoLock != nil && cfg.Fix != FixShardedMap {
					res.Refused[f.Class] = append(res.Refused[f.Class], rewrite.Note{Pos: fix.NoLock.Pos,
						Msg: "no lock fix either: " + fix.NoLock.Msg})
				}
				continue
			}
			if fix.NoLock != nil && cfg.Fix != FixShardedMap {
				res.Notes[f.Class] = append(res.Notes[f.Class], rewrite.Note{Pos: fix.NoLock.Pos,
					Msg: "a sharded map, not the lock: " + fix.NoLock.Msg})
			}
			if r.cold[f.Class] {
				res.Notes[f.Class] = append(res.Notes[f.Class], rewrite.Note{Pos: f.Pos,
					Msg: fmt.Sprintf("made with NewSmall, a few shards: the profile has %.1f%% of its samples in this map's operations and locks, under the %.0f%% that more shards could win back", 100*r.Shares[f].Sum(), 100*ColdShare)})
			}
		}
	}
}

// lockNote says what the lock fix does: "fixed by holding s.mu (Lock) at
// a.go:12:2, a.go:30:2, as 5 of 7 accesses do".
func lockNote(r *Report, lf *lockfix.Fix) string {
	var at []string
	for _, reg := range lf.Regions {
		at = append(at, r.Prog.Rel(reg.Pos()))
	}
	verb := "do"
	if lf.Held == 1 {
		verb = "does"
	}
	return fmt.Sprintf("fixed by holding %s at %s, as %d of its %d accesses %s", lf.Lock, strings.Join(at, ", "), lf.Held, lf.Total, verb)
}

// shardedClasses are the classes to plan the sharded-map rewrite of.
func shardedClasses(r *Report) []*detect.Finding {
	var out []*detect.Finding
	for _, f := range r.Findings {
		if r.Fixes[f].Kind == FixShardedMap {
			out = append(out, f)
		}
	}
	return out
}

// applyLocks adds the lock fixes to the rewrite's changes: into the new
// text of a file the sharded-map rewrite changed too, else as a change of
// its own (which needs no generated package). Each statement held is
// edited once, however many maps' fixes share it. The fixes with a
// statement in a file where the lines cannot be placed are refused, and
// the rest are placed again without them.
func applyLocks(r *Report) error {
	for {
		ok, err := placeLocks(r)
		if err != nil || ok {
			return err
		}
		replanLocks(r)
	}
}

// placeLocks places the lock fixes' lines, or drops the fixes of a file
// where they cannot be placed and reports false.
func placeLocks(r *Report) (bool, error) {
	r.lockOnly = make(map[string]bool)
	byPath := make(map[string]*rewrite.Change)
	for _, ch := range r.Rewrite.Changes {
		byPath[ch.Path] = ch
	}
	var regions []*lockfix.Region
	files := make(map[string]*load.File)
	for _, f := range r.Findings {
		if fix := r.Fixes[f]; fix.Kind == FixLock {
			regions = append(regions, fix.Lock.Regions...)
			for _, reg := range fix.Lock.Regions {
				files[reg.File.Name] = reg.File
			}
		}
	}
	edits := lockfix.Edits(regions)
	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	sort.Strings(names)
	news := make(map[string][]byte, len(names))
	for _, name := range names {
		var out []byte
		var err error
		if ch := byPath[name]; ch != nil {
			out, err = lockfix.Merge(ch.Old, ch.New, edits[name])
		} else {
			src := files[name].Src
			if src == nil {
				return false, fmt.Errorf("lock fix: no source bytes for %s", name)
			}
			out, err = lockfix.Apply(src, edits[name])
		}
		if err != nil {
			for _, f := range r.Findings {
				if fix := r.Fixes[f]; fix.Kind == FixLock && fix.Lock.Edits[name] != nil {
					dropLock(r, f, "its lock fix cannot be placed: "+err.Error()+" (this is a mapfix bug; please report it with the input)")
				}
			}
			return false, nil
		}
		news[name] = out
	}
	for _, name := range names {
		if ch := byPath[name]; ch != nil {
			ch.New = news[name]
			continue
		}
		file := files[name]
		src := file.Src
		clean, err := format.Source(src)
		ch := &rewrite.Change{Path: name, Old: src, New: news[name], Reformatted: err == nil && !bytes.Equal(clean, src)}
		if m := file.Module; m != nil {
			ch.Module, ch.ModulePath = m.Dir, m.Path
		}
		r.lockOnly[name] = true
		r.Rewrite.Changes = append(r.Rewrite.Changes, ch)
	}
	return true, nil
}

// dropLock refuses a finding's lock fix after planning, with the reason.
func dropLock(r *Report, f *detect.Finding, msg string) {
	fix := r.Fixes[f]
	pos := fix.Lock.Regions[0].Pos()
	fix.Kind, fix.Lock = FixNone, nil
	var kept []rewrite.Note
	for _, n := range r.Rewrite.Notes[f.Class] {
		if !strings.HasPrefix(n.Msg, "fixed by holding ") {
			kept = append(kept, n)
		}
	}
	r.Rewrite.Notes[f.Class] = kept
	if len(kept) == 0 {
		delete(r.Rewrite.Notes, f.Class)
	}
	r.Rewrite.Refused[f.Class] = append(r.Rewrite.Refused[f.Class], rewrite.Note{Pos: pos, Msg: msg})
}

// dropLockBlamed drops the lock fixes that the type errors of the
// rewritten files point at: an error on a line of a held statement, or
// any error in a file only lock fixes changed. It reports whether any
// was dropped; the caller then applies the rest again.
func dropLockBlamed(r *Report, errs []typeError) bool {
	changed := make(map[string]*rewrite.Change)
	for _, ch := range r.Rewrite.Changes {
		changed[ch.Path] = ch
	}
	blamed := make(map[*detect.Finding]string)
	for _, e := range errs {
		ch := changed[e.file]
		if ch == nil {
			continue
		}
		from, to := oldLines(ch.Old, ch.New, e.line)
		for _, f := range r.Findings {
			fix := r.Fixes[f]
			if fix.Kind != FixLock || blamed[f] != "" {
				continue
			}
			for _, reg := range fix.Lock.Regions {
				if reg.File.Name != e.file {
					continue
				}
				fset := r.Prog.Fset
				start := fset.Position(reg.Pos()).Line - 1
				end := fset.Position(reg.Stmts[len(reg.Stmts)-1].End()).Line + 1
				if r.lockOnly[e.file] || (from <= end && to >= start) {
					first, _, _ := strings.Cut(e.msg, "\n")
					blamed[f] = fmt.Sprintf("%s: %s", r.Prog.Rel(reg.Pos()), first)
					break
				}
			}
		}
	}
	for _, f := range r.Findings {
		if msg := blamed[f]; msg != "" {
			dropLock(r, f, "its lock fix does not type-check: "+msg+" (this is a mapfix bug; please report it with the input)")
		}
	}
	if len(blamed) > 0 {
		r.Rewrite.Changes = nil // Apply runs again
		replanLocks(r)
		return true
	}
	return false
}

// LockSite is a statement a lock fix holds the lock around, as the
// command prints it.
type LockSite struct {
	Pos  token.Pos
	Stmt string // the statement's first line
	Lock string // the lock as named there, e.g. "c.mu"
	Read bool   // RLock
}

// Sites lists the statements of a lock fix.
func (f *Fix) Sites() []LockSite {
	if f.Lock == nil {
		return nil
	}
	var out []LockSite
	for _, reg := range f.Lock.Regions {
		out = append(out, LockSite{Pos: reg.Pos(), Stmt: reg.Text(), Lock: reg.Lock, Read: reg.Read})
	}
	return out
}
