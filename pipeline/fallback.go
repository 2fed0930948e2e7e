package pipeline

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/mapfix/mapfix/internal/apply"
	"github.com/mapfix/mapfix/internal/diff"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/rewrite"
)

// testHookApplied runs after each Apply of a rewrite; tests use it to
// break the rewritten code of one map, as a mapfix bug would.
var testHookApplied = func(*Report) {}

// verifier type-checks the rewrite of each touched module, with the new
// files laid over the old ones, and tells mapfix's errors from the user's:
// an error that the module had before the rewrite (a package that did not
// compile, which the rewrite leaves alone) is the user's and is not
// returned.
type verifier struct {
	cfg Config
	// prog and loadErr are the run's load, which the check reuses when it
	// stands for the whole module (see checkLoaded); prog may be nil.
	prog    *load.Program
	loadErr error
	// baseline holds, per module dir, the errors of the module before the
	// rewrite; it is loaded only for a module whose rewrite has errors.
	baseline map[string]*moduleErrors
}

// moduleErrors are the type errors a module had before the rewrite.
type moduleErrors struct {
	texts map[string]bool // each error, as typeError.text
	pkgs  map[string]bool // the packages with errors
}

// check returns the errors the rewrite brought into the modules at roots.
func (v *verifier) check(files []apply.File, roots map[string]string) ([]typeError, error) {
	// In this process when the load allows: no compile of the rewritten
	// packages. Errors found that way are confirmed by the go command,
	// which also tells them from errors the code had before.
	if errs, ok, err := v.checkLoaded(files, roots); err != nil {
		return nil, err
	} else if ok && len(errs) == 0 {
		return nil, nil
	}
	overlay := make(map[string][]byte, len(files))
	for _, f := range files {
		overlay[f.Path] = f.New
	}
	dirs := make([]string, 0, len(roots))
	for d := range roots {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var out []typeError
	for _, dir := range dirs {
		errs, err := typeCheck(v.cfg, dir, []string{"./..."}, overlay)
		if err != nil {
			return nil, err
		}
		if len(errs) == 0 {
			continue
		}
		before, ok := v.baseline[dir]
		if !ok {
			old, err := typeCheck(v.cfg, dir, []string{"./..."}, nil)
			if err != nil {
				return nil, err
			}
			before = &moduleErrors{texts: make(map[string]bool, len(old)), pkgs: make(map[string]bool)}
			for _, e := range old {
				before.texts[e.text] = true
				before.pkgs[e.pkg] = true
			}
			if v.baseline == nil {
				v.baseline = make(map[string]*moduleErrors)
			}
			v.baseline[dir] = before
		}
		for _, e := range errs {
			if !before.texts[e.text] {
				e.userPkg = before.pkgs[e.pkg]
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// dropBlamed drops, as not rewritable, the classes whose edits the errors
// point at: an error in a rewritten file blames the classes that edited its
// line (or else that file); an error in a file mapfix did not change blames
// the classes declared in the packages it imports. It reports whether any
// class was dropped.
func dropBlamed(r *Report, errs []typeError) bool {
	changed := make(map[string]apply.File)
	for _, f := range r.Files {
		if f.Old != nil {
			changed[f.Path] = f
		}
	}
	blamed := make(map[*mapclass.Class][]string)
	// user holds the classes blamed only by errors in packages that did
	// not type-check before the rewrite: mapfix could not see their uses
	// there, and the fix is the user's.
	user := make(map[*mapclass.Class]bool)
	for _, e := range errs {
		var cs []*mapclass.Class
		text := e.text
		if f, ok := changed[e.file]; ok {
			from, to := oldLines(f.Old, f.New, e.line)
			cs = r.Rewrite.ClassesAt(e.file, from, to)
			// The user has only the old text: name the line there.
			first, _, _ := strings.Cut(e.msg, "\n")
			text = fmt.Sprintf("%s:%d: the rewritten code here does not compile: %s", e.file, from, first)
			if len(cs) == 0 {
				cs = r.Rewrite.ClassesIn(e.file, "")
			}
		} else if e.file != "" {
			imported := make(map[string]bool)
			for _, p := range e.imports {
				imported[p] = true
			}
			imported[e.pkg] = true
			for _, c := range r.Rewrite.Rewritten {
				for _, s := range c.Slots {
					if pkg := s.Obj.Pkg(); pkg != nil && imported[pkg.Path()] {
						cs = append(cs, c)
						break
					}
				}
			}
			// Errors quote the expression they are about ("cannot index
			// good.Hits"): when some of those classes are named there,
			// only they are blamed. A wrong guess costs one more round:
			// the error stays, and the next round blames the rest.
			if named := namedIn(e.msg, cs); len(named) > 0 {
				cs = named
			}
		}
		if len(cs) == 0 {
			// Nothing to point at: every class of the module goes, so
			// that the rest of the run is still sound.
			cs = classesOfModule(r, e.file)
		}
		for _, c := range cs {
			if e.userPkg {
				if len(blamed[c]) == 0 {
					user[c] = true
				}
			} else {
				user[c] = false
			}
			blamed[c] = append(blamed[c], text)
		}
	}
	dropped := false
	for _, c := range append([]*mapclass.Class(nil), r.Rewrite.Rewritten...) {
		texts := blamed[c]
		if len(texts) == 0 {
			continue
		}
		var msg string
		if user[c] {
			msg = "it is used in a package that did not type-check before the rewrite, which mapfix cannot see into or rewrite: " + relError(r, texts[0])
			if len(texts) > 1 {
				msg += fmt.Sprintf(" (and %d more errors)", len(texts)-1)
			}
			msg += "; fix that package (the errors are in the code, not from mapfix), then rewrite again"
		} else {
			msg = "its rewrite does not type-check: " + relError(r, texts[0])
			if len(texts) > 1 {
				msg += fmt.Sprintf(" (and %d more errors)", len(texts)-1)
			}
			msg += "; the other maps are rewritten without it (this is a mapfix bug; please report it with the input)"
		}
		r.Rewrite.Drop(c, []rewrite.Note{{Pos: c.Root().Pos(), Msg: msg}})
		dropped = true
	}
	return dropped
}

// namedIn returns the classes of cs with a variable or field whose name
// appears in msg as a whole identifier.
func namedIn(msg string, cs []*mapclass.Class) []*mapclass.Class {
	words := make(map[string]bool)
	for _, w := range strings.FieldsFunc(msg, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}) {
		words[w] = true
	}
	var out []*mapclass.Class
	for _, c := range cs {
		for _, s := range c.Slots {
			if words[s.Obj.Name()] {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// classesOfModule returns the rewritten classes with edits in the module
// that holds file, or every rewritten class when that is unknown.
func classesOfModule(r *Report, file string) []*mapclass.Class {
	var out []*mapclass.Class
	for _, ch := range r.Rewrite.Changes {
		if file != "" && !strings.HasPrefix(file, ch.Module+string(filepath.Separator)) {
			continue
		}
		for _, c := range r.Rewrite.ClassesIn(ch.Path, "") {
			if !contains(out, c) {
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, r.Rewrite.Rewritten...)
	}
	return out
}

func contains(cs []*mapclass.Class, c *mapclass.Class) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// relError shortens the absolute file name an error starts with to one
// relative to the working directory.
func relError(r *Report, text string) string {
	file, rest, ok := strings.Cut(text, ":")
	if !ok || !filepath.IsAbs(file) {
		return text
	}
	if rel, err := filepath.Rel(r.Prog.Dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel) + ":" + rest
	}
	return text
}

// oldLines maps line of the new text to the lines of the old text it came
// from. In a changed block that replaces as many lines as it removes, the
// lines pair up one to one (each statement rewritten on its own line);
// otherwise a new line maps to every line the block removed, or for lines
// only inserted, to the old lines around the insertion.
func oldLines(old, new []byte, line int) (from, to int) {
	oi, ni := 1, 1 // the next old and new line
	lines := strings.Split(diff.Unified("f", old, new), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "@@ "):
			a, c := hunkStarts(l)
			for ni < c {
				if ni == line {
					return oi, oi
				}
				oi, ni = oi+1, ni+1
			}
			oi = a
		case strings.HasPrefix(l, "--- "), strings.HasPrefix(l, "+++ "), strings.HasPrefix(l, `\`):
		case strings.HasPrefix(l, "-"), strings.HasPrefix(l, "+"):
			// A block of removed and added lines.
			removed, added := 0, 0
			for ; i < len(lines) && (strings.HasPrefix(lines[i], "-") || strings.HasPrefix(lines[i], "+") || strings.HasPrefix(lines[i], `\`)); i++ {
				switch lines[i][0] {
				case '-':
					removed++
				case '+':
					added++
				}
			}
			i--
			if line >= ni && line < ni+added {
				switch {
				case removed == added:
					k := oi + line - ni
					return k, k
				case removed > 0:
					return oi, oi + removed - 1
				default:
					return max(oi-1, 1), oi
				}
			}
			oi, ni = oi+removed, ni+added
		case strings.HasPrefix(l, " "):
			if ni == line {
				return oi, oi
			}
			oi, ni = oi+1, ni+1
		}
	}
	// After the last hunk, lines keep their offset.
	return line - ni + oi, line - ni + oi
}

// hunkStarts returns the first old and new line of a hunk header
// "@@ -a,b +c,d @@". An empty range names the line before it.
func hunkStarts(h string) (a, c int) {
	f := strings.Fields(h)
	if len(f) < 3 {
		return 1, 1
	}
	parse := func(r string) int {
		start, count, hasCount := strings.Cut(r[1:], ",")
		n, _ := strconv.Atoi(start)
		if hasCount && count == "0" {
			n++
		}
		return n
	}
	return parse(f[1]), parse(f[2])
}
