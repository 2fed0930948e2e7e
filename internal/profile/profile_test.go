package profile

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
)

// fr is a frame of a synthetic stack: function, file and line.
type fr struct {
	fn   string
	file string
	line int64
}

// builder makes pprof profiles in memory, the way the runtime writes
// them: one location per physical frame, inlined frames as extra lines
// of a location, innermost first.
type builder struct {
	p     *profile.Profile
	funcs map[string]*profile.Function
}

func newBuilder(types ...string) *builder {
	b := &builder{p: &profile.Profile{}, funcs: make(map[string]*profile.Function)}
	for _, t := range types {
		typ, unit, _ := strings.Cut(t, "/")
		b.p.SampleType = append(b.p.SampleType, &profile.ValueType{Type: typ, Unit: unit})
	}
	return b
}

func (b *builder) fn(f fr) *profile.Function {
	key := f.fn + "@" + f.file
	if fn, ok := b.funcs[key]; ok {
		return fn
	}
	fn := &profile.Function{ID: uint64(len(b.p.Function) + 1), Name: f.fn, SystemName: f.fn, Filename: f.file}
	b.funcs[key] = fn
	b.p.Function = append(b.p.Function, fn)
	return fn
}

// sample adds a sample with the given values whose stack is locs, leaf
// first; each location is its frames, innermost (inlined) first.
func (b *builder) sample(values []int64, locs ...[]fr) {
	s := &profile.Sample{Value: values}
	for _, frames := range locs {
		loc := &profile.Location{ID: uint64(len(b.p.Location) + 1), Address: uint64(0x1000 + len(b.p.Location))}
		for _, f := range frames {
			loc.Line = append(loc.Line, profile.Line{Function: b.fn(f), Line: f.line})
		}
		b.p.Location = append(b.p.Location, loc)
		s.Location = append(s.Location, loc)
	}
	b.p.Sample = append(b.p.Sample, s)
}

// parse writes the profile in pprof's format (gzipped) and reads it back.
func (b *builder) parse(t *testing.T) *Profile {
	t.Helper()
	var buf bytes.Buffer
	if err := b.p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	goroot = "/usr/local/go/src/"
	src    = "/home/u/mod/pkg/a.go"
)

func loc(frames ...fr) []fr { return frames }

var (
	goexit  = loc(fr{"runtime.goexit", goroot + "runtime/asm_amd64.s", 1700})
	rtmain  = loc(fr{"runtime.main", goroot + "runtime/proc.go", 283})
	userTop = loc(fr{"example.com/mod/pkg.run", src, 40})
)

func userAt(line int64) []fr { return loc(fr{"example.com/mod/pkg.work", src, line}) }

func TestShares(t *testing.T) {
	b := newBuilder("samples/count", "cpu/nanoseconds")
	// A map write at line 10, 3 samples: the hash is the leaf.
	b.sample([]int64{3, 30},
		loc(fr{"runtime.memhash64", goroot + "runtime/hash64.go", 20}),
		loc(fr{"runtime.mapassign_fast64", goroot + "internal/runtime/maps/runtime_fast64.go", 200}),
		userAt(10), userTop, goexit)
	// A read at line 11 inside the swiss table, which is inlined into
	// the runtime's entry point.
	b.sample([]int64{1, 10},
		loc(fr{"internal/runtime/maps.ctrlGroup.matchH2", goroot + "internal/runtime/maps/group.go", 50},
			fr{"runtime.mapaccess1_fast64", goroot + "internal/runtime/maps/runtime_fast64.go", 30}),
		userAt(11), userTop, goexit)
	// Spinning in Lock at line 9: sync.(*Mutex).Lock is inlined into
	// the user's function.
	b.sample([]int64{2, 20},
		loc(fr{"internal/sync.(*Mutex).Lock", goroot + "internal/sync/mutex.go", 70},
			fr{"sync.(*Mutex).Lock", goroot + "sync/mutex.go", 46},
			fr{"example.com/mod/pkg.work", src, 9}),
		userTop, goexit)
	// maps.Clone at line 12: the generic wrapper and the runtime's clone
	// stand between the user's line and the table code.
	b.sample([]int64{1, 10},
		loc(fr{"internal/runtime/maps.(*table).clone", goroot + "internal/runtime/maps/table.go", 900}),
		loc(fr{"internal/runtime/maps.(*Map).Clone", goroot + "internal/runtime/maps/map.go", 700}),
		loc(fr{"maps.clone", goroot + "runtime/map.go", 330}),
		loc(fr{"maps.Clone[go.shape.map[int]int,go.shape.int,go.shape.int]", goroot + "maps/maps.go", 41},
			fr{"example.com/mod/pkg.work", src, 12}),
		userTop, goexit)
	// Making a map at line 13 is not an operation on it.
	b.sample([]int64{1, 10},
		loc(fr{"internal/runtime/maps.NewMap", goroot + "internal/runtime/maps/map.go", 300}),
		loc(fr{"runtime.makemap", goroot + "runtime/map.go", 100}),
		userAt(13), userTop, goexit)
	// Plain work at line 14 counts only in the total.
	b.sample([]int64{1, 10}, userAt(14), userTop, goexit)
	// A map read in another file, called from main.
	b.sample([]int64{1, 10},
		loc(fr{"runtime.mapaccess2_faststr", goroot + "internal/runtime/maps/runtime_faststr.go", 10}),
		loc(fr{"main.main", "/home/u/mod/main.go", 7}), rtmain, goexit)

	p := b.parse(t)
	if p.Kind != CPU || p.Total != 100 || p.Samples != 7 {
		t.Fatalf("kind %s, total %d over %d samples; want cpu, 100 over 7", p.Kind, p.Total, p.Samples)
	}
	if got := p.OpShare(); !near(got, 0.8) {
		t.Errorf("OpShare = %v; want 0.8", got)
	}
	if got := p.Match([]File{{Path: src}, {Path: "/home/u/mod/other.go"}}); !near(got, 70.0/80) {
		t.Errorf("Match = %v; want 0.875 (all but main.go's 10 of the 80 of map and lock weight)", got)
	}
	for _, tc := range []struct {
		name      string
		acc, lock []Span
		want      Share
	}{
		{"write", []Span{{src, 10, 10}}, nil, Share{Map: 0.3}},
		{"read, twice", []Span{{src, 11, 11}, {src, 11, 11}}, nil, Share{Map: 0.1}},
		{"all accesses", []Span{{src, 10, 13}}, nil, Share{Map: 0.5}},
		{"make only", []Span{{src, 13, 13}}, nil, Share{}},
		{"lock", nil, []Span{{src, 9, 9}}, Share{Lock: 0.2}},
		{"lock line as an access", []Span{{src, 9, 9}}, nil, Share{}},
		{"plain work", []Span{{src, 14, 14}}, []Span{{src, 14, 14}}, Share{}},
		{"unbound file", []Span{{"/home/u/mod/main.go", 7, 7}}, nil, Share{}},
	} {
		got := p.Share(tc.acc, tc.lock)
		if !near(got.Map, tc.want.Map) || !near(got.Lock, tc.want.Lock) || !near(got.Sum(), tc.want.Map+tc.want.Lock) {
			t.Errorf("%s: Share = %+v; want %+v", tc.name, got, tc.want)
		}
	}
}

// TestMutexProfile: a mutex profile charges the delay to the Unlock's
// caller.
func TestMutexProfile(t *testing.T) {
	b := newBuilder("contentions/count", "delay/nanoseconds")
	b.sample([]int64{5, 900},
		loc(fr{"sync.(*Mutex).Unlock", goroot + "sync/mutex.go", 65},
			fr{"example.com/mod/pkg.work", src, 20}),
		userTop, goexit)
	b.sample([]int64{1, 100},
		loc(fr{"sync.(*RWMutex).RUnlock", goroot + "sync/rwmutex.go", 110}),
		userAt(30), userTop, goexit)
	p := b.parse(t)
	if p.Kind != Contention || p.Total != 1000 {
		t.Fatalf("kind %s, total %d; want contention, 1000", p.Kind, p.Total)
	}
	p.Match([]File{{Path: src}})
	if got := p.Share(nil, []Span{{src, 20, 20}, {src, 30, 30}}); !near(got.Lock, 1) || got.Map != 0 || got.Sum() != 1 {
		t.Errorf("Share = %+v; want all of it in lock waits", got)
	}
}

func TestMatchFiles(t *testing.T) {
	mk := func(file string) *Profile {
		b := newBuilder("samples/count", "cpu/nanoseconds")
		b.sample([]int64{1, 10},
			loc(fr{"runtime.mapassign_faststr", goroot + "internal/runtime/maps/runtime_faststr.go", 10}),
			loc(fr{"example.com/mod/pkg.work", file, 10}), goexit)
		return b.parse(t)
	}
	for _, tc := range []struct {
		profFile string
		loaded   []File
		want     string // the loaded file that gets the sample, or ""
	}{
		{src, []File{{Path: src}}, src},
		// Recorded in another checkout: the longest common tail wins.
		{"/ci/build/mod/pkg/a.go", []File{{Path: "/home/u/mod/vendor/x/pkg/a.go"}, {Path: src}}, src},
		// -trimpath: import path and file.
		{"example.com/mod/pkg/a.go", []File{{Path: "/home/u/checkout/pkg/a.go", Trimmed: "example.com/mod/pkg/a.go"}}, "/home/u/checkout/pkg/a.go"},
		{"example.com/mod/pkg/a.go", []File{{Path: "/home/u/other/pkg/a.go", Trimmed: "example.com/other/pkg/a.go"}}, ""},
		// The file name alone is not enough.
		{"/ci/build/mod/other/a.go", []File{{Path: src}}, ""},
	} {
		p := mk(tc.profFile)
		p.Match(tc.loaded)
		for _, f := range tc.loaded {
			got := p.Share([]Span{{f.Path, 10, 10}}, nil).Map
			if want := f.Path == tc.want; (got > 0) != want {
				t.Errorf("profile file %s, loaded %s: share %v; want a share: %v", tc.profFile, f.Path, got, want)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("not a profile at all\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(notes); err == nil || !strings.Contains(err.Error(), "profile "+notes+": not a pprof profile") {
		t.Errorf("Read(text file) = %v; want an error naming the file", err)
	}
	heap := newBuilder("alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes")
	heap.p.DefaultSampleType = "inuse_space"
	var buf bytes.Buffer
	if err := heap.p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(&buf); err == nil || !strings.Contains(err.Error(), "samples weigh alloc_objects/count") ||
		!strings.Contains(err.Error(), "CPU profile") {
		t.Errorf("Parse(heap profile) = %v; want an error that says what the samples weigh and what mapfix takes", err)
	}
	if _, err := Read("/nonexistent/cpu.pprof"); err == nil || !strings.Contains(err.Error(), "/nonexistent/cpu.pprof") {
		t.Errorf("Read(missing) = %v; want an error naming the file", err)
	}
}

func TestClassify(t *testing.T) {
	for fn, want := range map[string]opKind{
		"runtime.mapaccess1_faststr":            opMap,
		"runtime.mapassign":                     opMap,
		"runtime.mapdelete_fast32":              opMap,
		"runtime.mapIterStart":                  opMap,
		"runtime.mapiternext":                   opMap,
		"runtime.mapclear":                      opMap,
		"maps.clone":                            opMap,
		"maps.Clone[go.shape.map[string]int]":   opNone,
		"internal/runtime/maps.(*Iter).Next":    opMap,
		"runtime.makemap_small":                 opMake,
		"sync.(*Mutex).Lock":                    opLock,
		"sync.(*RWMutex).RLock":                 opLock,
		"internal/sync.(*Mutex).lockSlow":       opLock,
		"sync.(*Once).Do":                       opNone,
		"sync.(*Map).Load":                      opNone,
		"example.com/sync.(*Mutex).Lock":        opNone,
		"runtime.memhash":                       opNone,
		"example.com/x.mapaccess":               opNone,
		"github.com/a/b.(*T[go.shape.int]).Get": opNone,
	} {
		if got := classify(fn); got != want {
			t.Errorf("classify(%q) = %v; want %v", fn, got, want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
