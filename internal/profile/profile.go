// Package profile reads a CPU, mutex or block profile (the pprof format
// that go test -cpuprofile, -mutexprofile and -blockprofile and
// runtime/pprof write) and tells, for a set of source lines, which share
// of the profile's samples were spent there in map operations and lock
// waits. mapfix uses it to rank shared maps by how much they cost a
// running program, and to leave the maps that cost nothing small.
//
// # Which samples count
//
// Each sample's stack is read from the outermost frame inward, and the
// first frame that is a map operation or a lock operation decides:
//
//   - map operations are the runtime's map entry points (mapaccess*,
//     mapassign*, mapdelete*, mapclear, mapIterStart and mapIterNext, and
//     the names from before Go 1.24, mapiterinit and mapiternext), the
//     clone that maps.Clone calls, and anything in internal/runtime/maps
//     reached without them. A map being made (makemap) is not an
//     operation on a shared map, so those samples do not count;
//   - lock operations are the methods of sync.Mutex and sync.RWMutex (and
//     of internal/sync's mutex behind them since Go 1.24): Lock, RLock
//     and the slow paths, where a CPU profile spins and a block profile
//     waits, and Unlock and RUnlock, where a mutex profile records the
//     delay it caused.
//
// The sample is then charged to its site: the frame that called the
// operation, skipping frames of the Go installation (maps.Copy, the
// inlined sync.(*Mutex).Lock), so that it lands on a line of the user's
// code. Samples whose stack has neither kind of operation count only in
// the total.
//
// A sample's weight is its last value (CPU time, or contention delay),
// or the profile's default sample type when it names one; a share is a
// weight divided by the weight of all samples.
//
// # Matching files
//
// Profiles name files as the binary that wrote them saw them: absolute
// paths of the machine that built it, or "module/path/file.go" under
// -trimpath. Match binds each file of the profile to the loaded file
// that shares the longest run of trailing path elements with it, at least
// the file and its directory (a relative, -trimpath name must be a whole
// suffix), so a profile recorded from another checkout of the same module
// still matches.
package profile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/pprof/profile"
)

// Kind says what a profile's samples weigh.
type Kind string

const (
	// CPU weighs samples by CPU time (go test -cpuprofile).
	CPU Kind = "cpu"
	// Contention weighs samples by the time goroutines waited: a mutex
	// profile (go test -mutexprofile) or a block profile (-blockprofile).
	Contention Kind = "contention"
)

// Profile is a profile reduced to what mapfix ranks by: the weight of map
// operations and lock waits per calling line.
type Profile struct {
	// Name is the file the profile was read from (by Read).
	Name string
	Kind Kind
	// Total is the weight of all samples, Samples their number.
	Total   int64
	Samples int
	// sites holds, for each file named in the profile, the weight of map
	// operations and lock waits charged to each of its lines.
	sites map[string]map[int]*weight
	// bound maps a loaded file to the profile's name for it (see Match).
	bound map[string]string
}

type weight struct{ mapOps, lockWaits int64 }

// Read parses the profile in the file at path. Its errors name the file.
func Read(path string) (*Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	defer f.Close()
	p, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	p.Name = path
	return p, nil
}

// takes says which profiles mapfix reads, for error messages.
const takes = "mapfix takes a CPU profile (go test -cpuprofile) or a mutex or block profile (-mutexprofile, -blockprofile)"

// Parse parses a profile (gzipped or not, as pprof writes it) read from r.
func Parse(r io.Reader) (*Profile, error) {
	pp, err := profile.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("not a pprof profile (%w); %s", err, takes)
	}
	if len(pp.SampleType) == 0 {
		return nil, fmt.Errorf("no sample types: %s", takes)
	}
	vi := len(pp.SampleType) - 1
	if pp.DefaultSampleType != "" {
		for i, st := range pp.SampleType {
			if st.Type == pp.DefaultSampleType {
				vi = i
			}
		}
	}
	p := &Profile{sites: make(map[string]map[int]*weight)}
	switch st := pp.SampleType[vi]; st.Type {
	case "cpu", "samples":
		p.Kind = CPU
	case "delay", "contentions":
		p.Kind = Contention
	default:
		var kinds []string
		for _, st := range pp.SampleType {
			kinds = append(kinds, st.Type+"/"+st.Unit)
		}
		return nil, fmt.Errorf("samples weigh %s, not CPU time or lock delay: %s", strings.Join(kinds, ", "), takes)
	}
	for _, s := range pp.Sample {
		if vi >= len(s.Value) {
			continue
		}
		v := s.Value[vi]
		p.Total += v
		p.Samples++
		file, line, isLock, ok := site(s)
		if !ok {
			continue
		}
		lines := p.sites[file]
		if lines == nil {
			lines = make(map[int]*weight)
			p.sites[file] = lines
		}
		w := lines[line]
		if w == nil {
			w = new(weight)
			lines[line] = w
		}
		if isLock {
			w.lockWaits += v
		} else {
			w.mapOps += v
		}
	}
	return p, nil
}

// frame is one function of a stack, inlined ones included.
type frame struct {
	fn   string
	file string
	line int
}

// site finds the first map or lock operation of s, from the outside in,
// and returns the line that called it and which kind it was. ok is false
// when the stack has neither.
func site(s *profile.Sample) (file string, line int, isLock, ok bool) {
	// Locations run from the leaf out, and within a location the inlined
	// functions run from the innermost out: reversed, the stack reads
	// from its root.
	var stack []frame
	for i := len(s.Location) - 1; i >= 0; i-- {
		loc := s.Location[i]
		for j := len(loc.Line) - 1; j >= 0; j-- {
			l := loc.Line[j]
			if l.Function == nil {
				continue
			}
			stack = append(stack, frame{fn: l.Function.Name, file: l.Function.Filename, line: int(l.Line)})
		}
	}
	goroots := gorootDirs(stack)
	for i, f := range stack {
		op := classify(f.fn)
		if op == opNone {
			continue
		}
		if op == opMake {
			return "", 0, false, false
		}
		// The caller: the nearest outer frame that is not the Go
		// installation's.
		for j := i - 1; j >= 0; j-- {
			c := stack[j]
			if library(c, goroots) {
				continue
			}
			return filepath.ToSlash(c.file), c.line, op == opLock, true
		}
		return "", 0, false, false
	}
	return "", 0, false, false
}

type opKind int

const (
	opNone opKind = iota
	opMap
	opLock
	opMake
)

// classify says whether the function named fn is a map operation, a lock
// operation, the making of a map, or none of these.
func classify(fn string) opKind {
	pkg, name := splitFunc(fn)
	switch pkg {
	case "runtime":
		switch {
		case strings.HasPrefix(name, "makemap"):
			return opMake
		case strings.HasPrefix(name, "mapaccess"), strings.HasPrefix(name, "mapassign"),
			strings.HasPrefix(name, "mapdelete"), strings.HasPrefix(name, "mapclear"),
			strings.HasPrefix(name, "mapiter"), strings.HasPrefix(name, "mapIter"),
			strings.HasPrefix(name, "mapclone"):
			return opMap
		}
	case "maps":
		if name == "clone" { // the runtime's clone, linked in as maps.clone
			return opMap
		}
	case "internal/runtime/maps":
		return opMap
	case "sync", "internal/sync":
		if strings.HasPrefix(name, "(*Mutex).") || strings.HasPrefix(name, "(*RWMutex).") {
			return opLock
		}
	}
	return opNone
}

// library reports whether f is code of the Go installation, which stands
// between the user's line and the operation (maps.Copy, an inlined
// sync.(*Mutex).Lock) and is not a site.
func library(f frame, goroots []string) bool {
	if f.file == "<autogenerated>" {
		return true
	}
	pkg, _ := splitFunc(f.fn)
	switch pkg {
	case "runtime", "reflect", "sync", "sync/atomic", "maps", "iter", "slices":
		return true
	}
	if strings.HasPrefix(pkg, "runtime/") || strings.HasPrefix(pkg, "internal/") {
		return true
	}
	file := filepath.ToSlash(f.file)
	for _, root := range goroots {
		if strings.HasPrefix(file, root) {
			return true
		}
	}
	return false
}

// gorootDirs returns the GOROOT/src/ directories, ending in a slash, that
// the runtime's own frames of stack lie in.
func gorootDirs(stack []frame) []string {
	var out []string
	for _, f := range stack {
		if pkg, _ := splitFunc(f.fn); pkg != "runtime" {
			continue
		}
		file := filepath.ToSlash(f.file)
		if i := strings.LastIndex(file, "/src/runtime/"); i > 0 {
			root := file[:i+len("/src/")]
			if len(out) == 0 || out[len(out)-1] != root {
				out = append(out, root)
			}
		}
	}
	return out
}

// splitFunc splits a function name as pprof gives it into package path
// and the rest: "internal/runtime/maps.(*Map).Delete" gives
// "internal/runtime/maps" and "(*Map).Delete". Type arguments are dropped
// first: they may hold slashes and dots.
func splitFunc(fn string) (pkg, name string) {
	if i := strings.IndexByte(fn, '['); i >= 0 {
		fn = fn[:i]
	}
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn, ""
	}
	return fn[:slash+1+dot], fn[slash+1+dot+1:]
}

// File is a loaded file, by the two names a profile may give it.
type File struct {
	Path string // absolute
	// Trimmed is the name a binary built with -trimpath gives it: its
	// package's import path, a slash, and its base name.
	Trimmed string
}

// Match binds the profile's files to the loaded files that they name,
// and returns the share of the profile's map and lock weight that lands
// in them. Share only sees bound files, by their Path; a share of 0 here
// means the profile is not of this code.
func (p *Profile) Match(files []File) float64 {
	p.bound = make(map[string]string)
	score := make(map[string]int) // loaded file -> how well its bound name matches
	var all int64
	for pf, lines := range p.sites {
		all += lineWeight(lines)
		best, bestN := "", 0
		for _, f := range files {
			if n := sameFile(pf, f); n > bestN {
				best, bestN = f.Path, n
			}
		}
		if best == "" || score[best] > bestN || score[best] == bestN && p.bound[best] < pf {
			// No loaded file, or another name of the profile matches
			// it better (or as well, and comes first).
			continue
		}
		p.bound[best], score[best] = pf, bestN
	}
	if all == 0 {
		return 0
	}
	var in int64
	for _, pf := range p.bound {
		in += lineWeight(p.sites[pf])
	}
	return float64(in) / float64(all)
}

// OpShare is the share of the profile's weight in map operations and
// lock waits called from anywhere, the most that Share can give a set of
// lines.
func (p *Profile) OpShare() float64 {
	if p.Total == 0 {
		return 0
	}
	var w int64
	for _, lines := range p.sites {
		w += lineWeight(lines)
	}
	return float64(w) / float64(p.Total)
}

// lineWeight is the map and lock weight of the lines of one file.
func lineWeight(lines map[int]*weight) int64 {
	var w int64
	for _, x := range lines {
		w += x.mapOps + x.lockWaits
	}
	return w
}

// sameFile says how well the profile's file name pf matches the loaded
// file f: 0 for not at all, else the number of trailing path elements
// they share (an exact match beats any suffix).
func sameFile(pf string, f File) int {
	path := filepath.ToSlash(f.Path)
	if pf == path || pf == f.Trimmed {
		return 1 << 20
	}
	if !strings.HasPrefix(pf, "/") && !filepath.IsAbs(pf) {
		return 0 // -trimpath, and not this file's name
	}
	if n := common(pf, path); n >= 2 {
		return n
	}
	return 0
}

// common counts the trailing path elements a and b share.
func common(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[len(as)-1-n] == bs[len(bs)-1-n] && as[len(as)-1-n] != "" {
		n++
	}
	return n
}

// Span is the lines First to Last of a loaded file.
type Span struct {
	File        string // absolute, as loaded
	First, Last int
}

// Share is a part of a profile's weight, as fractions of its total.
type Share struct {
	Map  float64 // in map operations
	Lock float64 // in lock waits
	// All is the two together, divided once: Map+Lock may round to
	// just above 1 where the two are all of the profile.
	All float64
}

// Sum is the whole share, at most 1.
func (s Share) Sum() float64 { return s.All }

// Share returns the share of the profile's weight in map operations called
// from the lines of accesses and in lock waits called from the lines of
// locks. A line in several spans counts once. Match must have bound the
// files first.
func (p *Profile) Share(accesses, locks []Span) Share {
	if p.Total == 0 {
		return Share{}
	}
	mapW := p.sum(accesses, func(w *weight) int64 { return w.mapOps })
	lockW := p.sum(locks, func(w *weight) int64 { return w.lockWaits })
	t := float64(p.Total)
	return Share{Map: float64(mapW) / t, Lock: float64(lockW) / t, All: float64(mapW+lockW) / t}
}

func (p *Profile) sum(spans []Span, get func(*weight) int64) int64 {
	type key struct {
		file string
		line int
	}
	seen := make(map[key]bool)
	var total int64
	for _, s := range spans {
		pf, ok := p.bound[s.File]
		if !ok {
			continue
		}
		lines := p.sites[pf]
		for l := s.First; l <= s.Last; l++ {
			w := lines[l]
			if w == nil || seen[key{pf, l}] {
				continue
			}
			seen[key{pf, l}] = true
			total += get(w)
		}
	}
	return total
}
