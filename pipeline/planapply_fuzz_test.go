package pipeline_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mapfix/mapfix/internal/fuzzgen"
	"github.com/mapfix/mapfix/internal/goldentest"
	"github.com/mapfix/mapfix/internal/load"
	"github.com/mapfix/mapfix/internal/mapclass"
	"github.com/mapfix/mapfix/pipeline"
	"github.com/mapfix/mapfix/rewrite"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"
)

// generatedPrograms is how many programs TestPlanAcceptedAppliesFuzz
// draws from fuzzgen beyond the seed corpus. Each takes milliseconds: the
// number is there to try many statement shapes, not to bound the time.
const generatedPrograms = 300

// TestPlanAcceptedAppliesFuzz holds Plan to its word on the fuzz targets'
// inputs, as TestPlanAcceptedApplies does on the golden cases and the
// corpus: every map class of each program, shared or not, is planned, and
// what Plan accepts must type-check after Apply with the generated
// package. The fuzz targets themselves plan only the shared maps; planning
// every class tries the shapes of the maps detection leaves alone too.
//
// The inputs are the seed corpora of FuzzRewriteGenerated and
// FuzzRewriteMutated (testdata/fuzz, where each failure the fuzzer found is
// kept) and programs generated from a fixed pseudo-random sequence, so
// that a failure here reproduces. The FuzzRewriteMutated seeds kept there
// are mutants that do not parse (they once crashed the loader): they are
// counted as not taken.
func TestPlanAcceptedAppliesFuzz(t *testing.T) {
	if testing.Short() {
		t.Skip("plans every class of some hundred programs")
	}
	t.Parallel()
	var inputs []fuzzInput
	for i, data := range seedCorpus(t, "testdata/fuzz/FuzzRewriteGenerated") {
		inputs = append(inputs, fuzzInput{name: "generated-seed-" + strconv.Itoa(i), data: data})
	}
	rng := rand.New(rand.NewPCG(12, 5))
	for i := range generatedPrograms {
		data := make([]byte, 20+rng.IntN(400))
		for j := range data {
			data[j] = byte(rng.UintN(256))
		}
		inputs = append(inputs, fuzzInput{name: "generated-" + strconv.Itoa(i), data: data})
	}
	for i, data := range seedCorpus(t, "testdata/fuzz/FuzzRewriteMutated") {
		inputs = append(inputs, fuzzInput{name: "mutated-seed-" + strconv.Itoa(i), data: data, archive: true})
	}

	var gen, mut fuzzCount
	for _, in := range inputs {
		files := make(map[string][]byte)
		if in.archive {
			for _, af := range txtar.Parse(in.data).Files {
				if !plainName(af.Name) || goldentest.IsWant(af.Name) || files[af.Name] != nil {
					files = nil
					break
				}
				files[af.Name] = af.Data
			}
		} else {
			var err error
			if files, err = fuzzgen.Generate(in.data); err != nil {
				t.Fatalf("%s: %v", in.name, err)
			}
		}
		count := &gen
		if in.archive {
			count = &mut
		}
		if files == nil {
			count.skipped++
			continue
		}
		dir := t.TempDir()
		writeFiles(t, dir, files)
		n, err := planAllFast(dir)
		switch {
		case errors.Is(err, errInput) && in.archive:
			count.skipped++ // a mutant the fast loader does not take
			continue
		case err != nil:
			t.Errorf("%s: %v\ninput:\n%s", in.name, err, dump(dir))
			continue
		}
		count.programs++
		count.classes += n.classes
		count.accepted += n.accepted
		count.refused += n.refused
	}
	t.Logf("FuzzRewriteGenerated inputs (%d seeds, %d drawn): %s", len(inputs)-generatedPrograms-mut.programs-mut.skipped, generatedPrograms, gen)
	t.Logf("FuzzRewriteMutated seeds: %s", mut)
	if gen.accepted == 0 {
		t.Error("Plan accepted no class of any generated program")
	}
}

type fuzzInput struct {
	name    string
	data    []byte
	archive bool // a txtar archive of FuzzRewriteMutated, else fuzzgen input
}

type fuzzCount struct{ programs, skipped, classes, accepted, refused int }

func (c fuzzCount) String() string {
	return fmt.Sprintf("%d programs (%d not taken by the fast loader), %d classes planned, %d accepted and type-checked after Apply, %d refused",
		c.programs, c.skipped, c.classes, c.accepted, c.refused)
}

// planAllFast loads the one-package module in dir with the fuzz targets'
// loader, plans every map class declared in its files, applies what Plan
// accepts, and type-checks the result with the generated package. An
// error wrapping errInput is the input's fault; any other is a class Plan
// accepted whose rewrite does not compile, or a failure of Apply.
func planAllFast(dir string) (fuzzCount, error) {
	var n fuzzCount
	mod, err := readModule(dir)
	if err != nil {
		return n, err
	}
	names, err := goFiles(dir)
	if err != nil {
		return n, err
	}
	srcs := make(map[string][]byte, len(names))
	for _, name := range names {
		if srcs[name], err = os.ReadFile(name); err != nil {
			return n, err
		}
	}
	fset, imp := newImporter(mod.path + "/" + pipeline.GeneratedDir)
	pkg, syntax, info, err := typeCheck(fset, imp, mod, srcs)
	if err != nil {
		return n, fmt.Errorf("%w: %v", errInput, err)
	}
	prog := load.FromPackage(fset, pkg, syntax, info, &packages.Module{
		Path: mod.path, Dir: dir, Main: true, GoVersion: mod.version, GoMod: filepath.Join(dir, "go.mod"),
	})
	prog.Dir = dir
	for _, f := range prog.Files() {
		f.Src = srcs[f.Name]
	}
	var classes []*mapclass.Class
	for _, c := range mapclass.Build(prog).Classes {
		if c.Type != nil && c.Root().File != nil && c.Root().File.Writable {
			classes = append(classes, c)
		}
	}
	res := rewrite.Plan(prog, classes, rewrite.Options{})
	n.classes, n.accepted, n.refused = len(classes), len(res.Rewritten), len(res.Refused)
	if err := res.Edit(prog, rewrite.Options{}); err != nil {
		return n, fmt.Errorf("apply: %w", err)
	}
	if len(res.Changes) == 0 {
		return n, nil
	}
	out := make(map[string][]byte, len(srcs))
	for name, src := range srcs {
		out[name] = src
	}
	for _, ch := range res.Changes {
		if _, ok := out[ch.Path]; !ok {
			return n, fmt.Errorf("the rewrite changes %s, which is not a file of the package", ch.Path)
		}
		out[ch.Path] = ch.New
	}
	vfset, vimp := newImporter(mod.path + "/" + pipeline.GeneratedDir)
	if _, _, _, err := typeCheck(vfset, vimp, mod, out); err != nil {
		var who []string
		for _, c := range res.Rewritten {
			who = append(who, c.Root().Obj.Name())
		}
		return n, fmt.Errorf("Plan accepted %v, and the rewrite does not type-check: %v", who, err)
	}
	return n, nil
}
