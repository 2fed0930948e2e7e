package sharedmap

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mapfix/mapfix/detect"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/internal/printing"
	"github.com/mapfix/mapfix/rewrite/lockfix"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

const doc = `report maps shared between goroutines without a lock

A Go map is not safe for concurrent use. sharedmap reports every map that
two goroutines may access at the same time, at least one of them writing,
with no common lock held: the accesses and the goroutines they run on are
the related information, and the confidence ends the message. It uses
facts to follow calls into other packages. Where most accesses of the map
already hold a lock, the suggested fix takes that lock at the others
(go fix applies it); mapfix rewrite turns any reported map into a
concurrency-safe sharded map.`

// Analyzer reports maps shared between goroutines without a lock.
var Analyzer = &analysis.Analyzer{
	Name:      "sharedmap",
	Doc:       doc,
	Run:       run,
	FactTypes: []analysis.Fact{new(summaryFact), new(printFact)},
}

// printFact is the fact exported for a function that prints its final
// ...any arguments through fmt (a wrapper of fmt, log or testing): a map
// printed through it in an importing package is a read of the map.
type printFact struct {
	Func printing.Func
}

func (*printFact) AFact() {}

func (f *printFact) String() string {
	if f.Func.Printf() {
		return fmt.Sprintf("prints like Printf (format %d)", f.Func.Format)
	}
	return fmt.Sprintf("prints like Print (from argument %d)", f.Func.First)
}

// summaryFact is the fact exported for a function or method: what it
// does, with no lock held, to the maps its parameters and receiver reach
// (see detect.Summary).
type summaryFact struct {
	Effects []detect.Effect
}

func (*summaryFact) AFact() {}

func (f *summaryFact) String() string {
	return (&detect.Summary{Effects: f.Effects}).String()
}

func run(pass *analysis.Pass) (_ any, err error) {
	if len(pass.Files) == 0 || inGOROOT(pass) {
		// The standard library's functions are not summarised: analysing
		// it under go vet would cost every first run, and the CLI does
		// not look inside it either.
		return nil, nil
	}
	defer func() {
		// A bug in the analysis must not take the whole vet run down
		// with a stack trace: report it as this package's error.
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error analysing %s (please report it with the package): %v", pass.Pkg.Path(), r)
		}
	}()
	prog := load.FromPackage(pass.Fset, pass.Pkg, pass.Files, pass.TypesInfo, module(pass.Module))
	pr := printing.New(prog, func(fn *types.Func) (printing.Func, bool) {
		var f printFact
		if fn.Pkg() == nil || !pass.ImportObjectFact(fn, &f) {
			return printing.Func{}, false
		}
		return f.Func, true
	})
	exportPrinters(pass, pr.Wrappers())
	set := mapclass.BuildWith(prog, pr)
	opts := detect.Options{Summaries: func(fn *types.Func) *detect.Summary {
		var f summaryFact
		if fn.Pkg() == nil || !pass.ImportObjectFact(fn, &f) {
			return nil
		}
		return &detect.Summary{Effects: f.Effects}
	}}
	exportSummaries(pass, detect.Summarize(prog, set, opts))
	r := &reporter{pass: pass, prog: prog, files: make(map[*token.File]bool)}
	for _, f := range pass.Files {
		r.files[pass.Fset.File(f.FileStart)] = true
	}
	var findings []*detect.Finding
	for _, f := range detect.Run(prog, set, opts) {
		// As mapfix check by default: a possible finding has no witness.
		if f.Confidence.AtLeast(minConfidence()) {
			findings = append(findings, f)
		}
	}
	// The lock fixes are planned together, as mapfix rewrite plans them:
	// maps guarded by one lock may share a statement, which takes it once.
	r.locks, _ = lockfix.PlanAll(pass.Fset, findings, lockfix.Options{ReadFile: pass.ReadFile, FileOf: prog.FileOf})
	for _, f := range findings {
		r.report(f)
	}
	return nil, nil
}

// confidence is the -sharedmap.confidence flag: the least sure findings
// reported, as mapfix check's -confidence.
var confidence = "likely"

func init() {
	Analyzer.Flags.StringVar(&confidence, "confidence", confidence, "report findings at least this sure: observed, certain, likely or possible")
}

func minConfidence() detect.Confidence {
	switch c := detect.Confidence(confidence); c {
	case detect.Observed, detect.Certain, detect.Likely, detect.Possible:
		return c
	}
	return detect.Likely
}

// exportSummaries exports the summaries as facts, in source order so that
// the facts file does not depend on map iteration.
func exportSummaries(pass *analysis.Pass, sums map[*types.Func]*detect.Summary) {
	fns := make([]*types.Func, 0, len(sums))
	for fn := range sums {
		if fn.Pkg() == pass.Pkg {
			fns = append(fns, fn)
		}
	}
	sort.Slice(fns, func(i, j int) bool { return load.ComparePos(pass.Fset, fns[i].Pos(), fns[j].Pos()) < 0 })
	for _, fn := range fns {
		pass.ExportObjectFact(fn, &summaryFact{Effects: sums[fn].Effects})
	}
}

// exportPrinters exports the package's printing wrappers as facts, in
// source order.
func exportPrinters(pass *analysis.Pass, wrappers map[*types.Func]printing.Func) {
	fns := make([]*types.Func, 0, len(wrappers))
	for fn := range wrappers {
		if fn.Pkg() == pass.Pkg {
			fns = append(fns, fn)
		}
	}
	sort.Slice(fns, func(i, j int) bool { return load.ComparePos(pass.Fset, fns[i].Pos(), fns[j].Pos()) < 0 })
	for _, fn := range fns {
		pass.ExportObjectFact(fn, &printFact{Func: wrappers[fn]})
	}
}

// inGOROOT reports whether the package is part of the standard library.
func inGOROOT(pass *analysis.Pass) bool {
	goroot := build.Default.GOROOT
	if goroot == "" {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].FileStart)
	if tf == nil {
		return false
	}
	rel, err := filepath.Rel(filepath.Join(goroot, "src"), tf.Name())
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func module(m *analysis.Module) *packages.Module {
	if m == nil {
		return nil
	}
	return &packages.Module{Path: m.Path, Version: m.Version, Main: m.Main, Dir: m.Dir, GoMod: m.GoMod, GoVersion: m.GoVersion}
}

type reporter struct {
	pass  *analysis.Pass
	prog  *load.Program
	files map[*token.File]bool // the pass's files
	locks map[*detect.Finding]*lockfix.Fix
}

func (r *reporter) inPass(pos token.Pos) bool {
	return pos.IsValid() && r.files[r.pass.Fset.File(pos)]
}

// report turns a finding into a diagnostic at the map's declaration, with
// the words of mapfix check's text output.
func (r *reporter) report(f *detect.Finding) {
	root := f.Class.Root()
	if root.File != nil && ast.IsGenerated(root.File.Syntax) {
		return // as mapfix check: the user cannot fix it by editing
	}
	named := *f
	if !r.inPass(f.Pos) {
		// The class is named after a declaration of another package (a
		// parameter of a function it is passed to): name it after its
		// first declaration here instead, which is where a fix goes.
		slot := r.localSlot(f.Class)
		if slot == nil {
			return
		}
		named.Pos, named.Kind, named.Name = slot.Pos(), slotKind(slot.Kind), slot.Obj.Name()
		named.Type = types.TypeString(slot.Obj.Type(), types.RelativeTo(r.pass.Pkg))
	}
	d := analysis.Diagnostic{Pos: named.Pos, Message: named.Message()}
	for _, e := range f.Evidence {
		if !r.inPass(e.Pos) {
			continue
		}
		msg := e.Op
		if e.Via != "" {
			msg += " by " + e.Via
		}
		if e.Goroutine.IsValid() {
			msg += " in the goroutine started at " + r.prog.Rel(e.Goroutine)
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: e.Pos, Message: msg})
	}
	if f.Suggestion != "" {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: named.Pos, Message: "smaller fix: " + f.Suggestion})
	}
	if fix := r.lockFix(f); fix != nil {
		d.SuggestedFixes = append(d.SuggestedFixes, *fix)
	}
	r.pass.Report(d)
}

// lockFix is the lock fix of f as a suggested fix (go fix applies it,
// gopls offers it as a quick fix), or nil when f has none: no lock most
// accesses hold, a site where taking it would deadlock or block, or a
// site outside this package's files.
//
// Maps that share a held statement carry the same insertions in their
// fixes; the go command's fix driver applies an identical edit once.
func (r *reporter) lockFix(f *detect.Finding) *analysis.SuggestedFix {
	lf := r.locks[f]
	if lf == nil {
		return nil
	}
	fix := &analysis.SuggestedFix{}
	var at []string
	for _, reg := range lf.Regions {
		if !r.inPass(reg.Pos()) {
			return nil
		}
		at = append(at, r.prog.Rel(reg.Pos()))
	}
	for _, name := range sortedNames(lf.Edits) {
		for _, e := range lf.Edits[name] {
			fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: e.Pos, End: e.Pos, NewText: []byte(e.Text)})
		}
	}
	verb := "do"
	if lf.Held == 1 {
		verb = "does"
	}
	fix.Message = fmt.Sprintf("hold %s at %s, as %d of the %d accesses of the map %s", lf.Lock, strings.Join(at, ", "), lf.Held, lf.Total, verb)
	return fix
}

func sortedNames(m map[string][]lockfix.Edit) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// localSlot returns the declaration of c in the pass's files that names
// it best (in the order of mapclass.Class.Root), or nil.
func (r *reporter) localSlot(c *mapclass.Class) *mapclass.Slot {
	for _, k := range []mapclass.SlotKind{mapclass.Var, mapclass.Field, mapclass.Local, mapclass.Param, mapclass.Result} {
		for _, s := range c.Slots {
			if s.Kind == k && s.File != nil && r.inPass(s.Pos()) && !ast.IsGenerated(s.File.Syntax) {
				return s
			}
		}
	}
	return nil
}

// slotKind is the finding kind of a declaration, as check -json names it:
// var, field, local or param.
func slotKind(k mapclass.SlotKind) string {
	switch k {
	case mapclass.Var:
		return "var"
	case mapclass.Field:
		return "field"
	case mapclass.Param:
		return "param"
	}
	return "local"
}
