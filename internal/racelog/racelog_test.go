package racelog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The logs under testdata are real output of the programs under
// testdata/src (see testdata/capture.sh). The expectations below come
// from reading those programs: each access names the source line it must
// be reported at and a piece of that line's code, which the test checks
// against the program, so a wrong line cannot pass by accident.

type wantAccess struct {
	op   string
	g    int    // goroutine id, as printed in the log
	top  string // innermost frame: the runtime function the log shows
	site string // base name and line of Site
	code string // what the source line at site holds
}

type wantReport struct {
	kind Kind
	msg  string
	line int
	acc  []wantAccess
}

type wantLog struct {
	races, crashes int
	reports        []wantReport
}

const (
	fatal     = "internal/runtime/maps.fatal"
	assignStr = "runtime.mapassign_faststr"
	accessStr = "runtime.mapaccess1_faststr"
)

func race(line int, acc ...wantAccess) wantReport {
	return wantReport{DataRace, "data race", line, acc}
}

func crash(msg string, line int, acc wantAccess) wantReport {
	return wantReport{Crash, msg, line, []wantAccess{acc}}
}

// opsLog is one go run -race of testdata/src/ops: eleven map races, two
// races on map slots (after scenarios 2 and 3) and one on an int, which
// are not map races.
var opsLog = wantLog{races: 14, reports: []wantReport{
	race(2,
		wantAccess{OpWrite, 7, assignStr, "main.go:35", `m1["a"] = 1`},
		wantAccess{OpWrite, 1, assignStr, "main.go:35", `m1["b"] = 2`}),
	race(28,
		wantAccess{OpWrite, 8, assignStr, "main.go:38", `m2["a"] = 1`},
		wantAccess{OpRead, 1, accessStr, "main.go:38", `_ = m2["a"]`}),
	race(76,
		wantAccess{OpWrite, 9, "runtime.mapassign_fast64", "main.go:41", `m3[1] = 1`},
		wantAccess{OpRead, 1, "runtime.mapaccess2_fast64", "main.go:41", `_, _ = m3[1]`}),
	race(124,
		wantAccess{OpWrite, 10, "runtime.mapassign", "main.go:44", `m4[key{1, 2}] = 1`},
		wantAccess{OpRead, 1, "runtime.mapaccess1", "main.go:44", `_ = m4[key{1, 2}]`}),
	race(150,
		wantAccess{OpDelete, 11, "runtime.mapdelete_faststr", "main.go:47", `delete(m5, "a")`},
		wantAccess{OpRead, 1, accessStr, "main.go:47", `_ = m5["a"]`}),
	race(176,
		wantAccess{OpWrite, 12, assignStr, "main.go:50", `m6["c"] = 1`},
		wantAccess{OpRange, 1, "runtime.mapIterStart", "main.go:51", `for k := range m6`}),
	race(202,
		wantAccess{OpClear, 13, "runtime.mapclear", "main.go:57", `clear(m7)`},
		wantAccess{OpRead, 1, accessStr, "main.go:57", `_ = m7["a"]`}),
	// len(m8) reads the header inline: no runtime frame.
	race(228,
		wantAccess{OpWrite, 14, assignStr, "main.go:60", `m8["b"] = 1`},
		wantAccess{OpRead, 1, "main.main.func16", "main.go:60", `len(m8)`}),
	// maps.Copy and maps.Keys: the site is the call in user code.
	race(252,
		wantAccess{OpWrite, 15, assignStr, "main.go:63", `maps.Copy(m9,`},
		wantAccess{OpRange, 1, "runtime.mapIterStart", "main.go:64", `range maps.Keys(m9)`}),
	// reflect, and a generic function, whose body is the site.
	race(282,
		wantAccess{OpWrite, 16, assignStr, "main.go:70", `SetMapIndex(`},
		wantAccess{OpRead, 1, accessStr, "main.go:31", `return m[k]`}),
	// A method value: the put-fm wrapper is outside the site.
	race(314,
		wantAccess{OpWrite, 17, assignStr, "main.go:29", `c.m[k] = 1`},
		wantAccess{OpRead, 1, accessStr, "main.go:74", `_ = c.m["a"]`}),
}}

var logs = map[string]wantLog{
	"gorun-ops.log": opsLog,
	// The same program under -trimpath: no GOROOT in the paths.
	"gorun-ops-trimpath.log": opsLog,

	// go test -race ./counter ./plain: TestAddAll races on c.seen[w]++
	// (plus the slot race at line 40), TestForget on delete and read, and
	// ./plain only on an int.
	"gotest-race.log": {races: 5, reports: []wantReport{
		race(2,
			wantAccess{OpRead, 9, accessStr, "counter.go:15", `c.seen[w]++`},
			wantAccess{OpWrite, 11, assignStr, "counter.go:15", `c.seen[w]++`}),
		race(76,
			wantAccess{OpDelete, 13, "runtime.mapdelete_faststr", "counter.go:21", `delete(c.seen, w)`},
			wantAccess{OpRead, 12, accessStr, "counter.go:18", `return c.seen[w]`}),
	}},

	// json.Marshal(m) reads m through reflect.maplen; the site is the
	// call, past the standard library frames.
	"gorun-jsonmap.log": {races: 1, reports: []wantReport{
		race(2,
			wantAccess{OpWrite, 8, assignStr, "main.go:16", `m["b"] = 1`},
			wantAccess{OpRead, 1, "reflect.maplen", "main.go:18", `json.Marshal(m)`}),
	}},

	// go test -race -json -run TestForget ./counter.
	"gotest-race.json": {races: 1, reports: []wantReport{
		race(6,
			wantAccess{OpDelete, 9, "runtime.mapdelete_faststr", "counter.go:21", `delete(c.seen, w)`},
			wantAccess{OpRead, 8, accessStr, "counter.go:18", `return c.seen[w]`}),
	}},

	// Crashes without -race. The stack shows which map function failed
	// only where it is not a "runtime." function (hidden at the default
	// GOTRACEBACK); otherwise the message gives the op.
	"crash-writes.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map writes", 1,
			wantAccess{OpWrite, 1, fatal, "main.go:17", `m[strconv.Itoa(i%100)] = i`}),
	}},
	"crash-writes-system.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map writes", 1,
			wantAccess{OpWrite, 19, "runtime.fatal", "main.go:17", `m[strconv.Itoa(i%100)] = i`}),
	}},
	"crash-read.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map read and map write", 1,
			wantAccess{OpRead, 1, fatal, "main.go:23", `_ = m[strconv.Itoa(i%100)]`}),
	}},
	"crash-iter.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map iteration and map write", 1,
			wantAccess{OpRange, 1, fatal, "main.go:29", `for k := range m`}),
	}},
	// GOTRACEBACK=all adds goroutine 7, the writer, stopped in
	// strconv.Itoa: not an access, and not read.
	"crash-iter-all.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map iteration and map write", 1,
			wantAccess{OpRange, 1, fatal, "main.go:29", `for k := range m`}),
	}},
	"crash-delete.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map writes", 1,
			wantAccess{OpDelete, 19, fatal, "main.go:37", `delete(m, strconv.Itoa(i%100))`}),
	}},
	"crash-clear.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map writes", 1,
			wantAccess{OpClear, 1, fatal, "main.go:43", `clear(m)`}),
	}},
	"crash-clone.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map clone and map write", 1,
			wantAccess{OpRead, 1, fatal, "main.go:49", `maps.Clone(m)`}),
	}},
	"gotest-crash.log": {crashes: 1, reports: []wantReport{
		crash("concurrent map writes", 3,
			wantAccess{OpWrite, 85, fatal, "crashy.go:16", `m[strconv.Itoa(i*1000+j)] = j`}),
	}},
}

func TestParseFile(t *testing.T) {
	for name, want := range logs {
		t.Run(name, func(t *testing.T) {
			l, err := ParseFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			checkLog(t, l, want)
		})
	}
}

func checkLog(t *testing.T, l *Log, want wantLog) {
	t.Helper()
	if l.Races != want.races || l.Crashes != want.crashes {
		t.Errorf("Races, Crashes = %d, %d; want %d, %d", l.Races, l.Crashes, want.races, want.crashes)
	}
	if len(l.Reports) != len(want.reports) {
		t.Fatalf("%d reports, want %d:\n%s", len(l.Reports), len(want.reports), dump(l))
	}
	for i, r := range l.Reports {
		w := want.reports[i]
		if r.Kind != w.kind || r.Message != w.msg || r.Line != w.line {
			t.Errorf("report %d: %v %q at line %d; want %v %q at line %d", i, r.Kind, r.Message, r.Line, w.kind, w.msg, w.line)
		}
		if len(r.Accesses) != len(w.acc) {
			t.Errorf("report %d: %d accesses, want %d:\n%s", i, len(r.Accesses), len(w.acc), dump(l))
			continue
		}
		for j, a := range r.Accesses {
			checkAccess(t, fmt.Sprintf("report %d (line %d) access %d", i, r.Line, j), a, w.acc[j])
		}
	}
}

func checkAccess(t *testing.T, what string, a Access, w wantAccess) {
	t.Helper()
	if a.Op != w.op || a.Goroutine != w.g {
		t.Errorf("%s: op %q by goroutine %d; want %q by %d", what, a.Op, a.Goroutine, w.op, w.g)
	}
	if len(a.Stack) == 0 || a.Stack[0].Func != w.top {
		t.Errorf("%s: stack %v; want it to start in %s", what, a.Stack, w.top)
	}
	site, ok := a.Site()
	if !ok {
		t.Errorf("%s: no site in %v", what, a.Stack)
		return
	}
	if got := fmt.Sprintf("%s:%d", filepath.Base(site.File), site.Line); got != w.site {
		t.Errorf("%s: site %s (%s); want %s", what, got, site.Func, w.site)
		return
	}
	// The site must be the line of the program that does the access.
	src := sourceLine(t, site)
	if !strings.Contains(src, w.code) {
		t.Errorf("%s: site %s is %q, which lacks %q", what, w.site, src, w.code)
	}
}

// sourceLine returns the line of a program under testdata/src that a
// frame names. The logs hold the absolute paths of the capture, or under
// -trimpath paths that start with the module path, which is the name of
// the program's directory.
func sourceLine(t *testing.T, f Frame) string {
	t.Helper()
	file := f.File
	const dir = "/testdata/src/"
	if i := strings.LastIndex(file, dir); i >= 0 {
		file = file[i+len(dir):]
	} else if filepath.IsAbs(file) {
		t.Fatalf("frame %v is not in testdata/src", f)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "src", filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if f.Line < 1 || f.Line > len(lines) {
		t.Fatalf("frame %v: file has %d lines", f, len(lines))
	}
	return lines[f.Line-1]
}

func dump(l *Log) string {
	var b strings.Builder
	for _, r := range l.Reports {
		fmt.Fprintf(&b, "  %v %q line %d\n", r.Kind, r.Message, r.Line)
		for _, a := range r.Accesses {
			site, _ := a.Site()
			fmt.Fprintf(&b, "    %q goroutine %d site %v\n", a.Op, a.Goroutine, site)
		}
	}
	return b.String()
}

// summary renders what a parse found, less the log lines, for comparing
// parses of the same reports laid out differently.
func summary(l *Log) string {
	var b strings.Builder
	fmt.Fprintf(&b, "races %d crashes %d\n", l.Races, l.Crashes)
	for _, r := range l.Reports {
		fmt.Fprintf(&b, "%v %q\n", r.Kind, r.Message)
		for _, a := range r.Accesses {
			site, ok := a.Site()
			fmt.Fprintf(&b, "  %q %d %v %v %v\n", a.Op, a.Goroutine, site, ok, a.Stack)
		}
	}
	return b.String()
}

func parseString(t *testing.T, s string) *Log {
	t.Helper()
	l, err := Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func readLog(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestNoMapRace(t *testing.T) {
	for name, want := range map[string]string{
		// An int race and a race on a key that mapdelete reads.
		"gorun-notmap.log": "parsed 2 race reports, 0 on maps",
		"gotest-plain.log": "parsed 1 race report, 0 on maps",
	} {
		path := filepath.Join("testdata", name)
		_, err := ParseFile(path)
		if !errors.Is(err, ErrNoMapRace) {
			t.Errorf("%s: err = %v, want ErrNoMapRace", name, err)
			continue
		}
		wantMsg := "race log " + path + ": no map race or concurrent map crash found (" + want + ")"
		if err.Error() != wantMsg {
			t.Errorf("%s:\n got %s\nwant %s", name, err, wantMsg)
		}
	}
	// Plain output of a passing test: nothing at all.
	path := filepath.Join(t.TempDir(), "ok.log")
	if err := os.WriteFile(path, []byte("=== RUN   TestX\n--- PASS: TestX (0.00s)\nPASS\nok  \tx\t0.01s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ParseFile(path)
	if want := "race log " + path + ": no map race or concurrent map crash found (parsed 0 race reports, 0 on maps)"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestParseFileErrors(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"", "\n", " \r\n\t\n"} {
		path := filepath.Join(dir, "empty.log")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ParseFile(path)
		if !errors.Is(err, ErrEmpty) || err.Error() != "race log "+path+": file is empty" {
			t.Errorf("content %q: err = %v, want %q", content, err, "race log "+path+": file is empty")
		}
	}

	missing := filepath.Join(dir, "missing.log")
	_, err := ParseFile(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v, want a not-exist error naming %s", err, missing)
	}

	// A directory opens but cannot be read.
	_, err = ParseFile(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("directory: err = %v, want an error naming %s", err, dir)
	}
}

func TestCRLF(t *testing.T) {
	for name := range logs {
		lf := parseString(t, readLog(t, name))
		crlf := parseString(t, strings.ReplaceAll(readLog(t, name), "\n", "\r\n"))
		if got, want := summary(crlf), summary(lf); got != want {
			t.Errorf("%s with CRLF:\n%s\nwant\n%s", name, got, want)
		}
		for i := range crlf.Reports {
			if crlf.Reports[i].Line != lf.Reports[i].Line {
				t.Errorf("%s with CRLF: report %d at line %d, want %d", name, i, crlf.Reports[i].Line, lf.Reports[i].Line)
			}
		}
	}
}

const junk = `2026/01/02 15:04:05 listening on :8080
=== RUN   TestServe
--- FAIL: TestServe (0.01s)
    testing.go:1712: race detected during execution of test
    serve_test.go:40: got 3 hits, want 4
FAIL
exit status 66
FAIL	example.com/serve	0.042s
ok  	example.com/other	0.003s
`

func TestJunk(t *testing.T) {
	for name, want := range logs {
		if strings.HasSuffix(name, ".json") {
			continue
		}
		log := readLog(t, name)
		clean := summary(parseString(t, log))

		// Around the reports. Report lines move by the junk's lines.
		l := parseString(t, junk+log+junk)
		if got := summary(l); got != clean {
			t.Errorf("%s in junk:\n%s\nwant\n%s", name, got, clean)
		}
		shift := strings.Count(junk, "\n")
		for i, r := range l.Reports {
			if r.Line != want.reports[i].line+shift {
				t.Errorf("%s in junk: report %d at line %d, want %d", name, i, r.Line, want.reports[i].line+shift)
			}
		}

		// Output that lacks its final newline runs into the first line.
		if got := summary(parseString(t, "partial output"+log)); got != clean {
			t.Errorf("%s after a partial line:\n%s\nwant\n%s", name, got, clean)
		}
	}
}

// TestInterleaved puts program output between every two lines of race
// reports, as a racing program's other goroutines can.
func TestInterleaved(t *testing.T) {
	for _, name := range []string{"gorun-ops.log", "gotest-race.log"} {
		log := readLog(t, name)
		clean := summary(parseString(t, log))
		var b strings.Builder
		for line := range strings.Lines(log) {
			b.WriteString(line)
			b.WriteString("worker 3: processed 17 items\n")
		}
		if got := summary(parseString(t, b.String())); got != clean {
			t.Errorf("%s interleaved:\n%s\nwant\n%s", name, got, clean)
		}
	}
}

func TestTruncated(t *testing.T) {
	// A crash message with no stack after it: a crash, place unknown.
	l := parseString(t, "fatal error: concurrent map writes\n")
	if l.Crashes != 1 || len(l.Reports) != 1 || len(l.Reports[0].Accesses) != 0 {
		t.Errorf("message only: %s", summary(l))
	}

	// A race report cut off after its first access still shows the map
	// write; the race count includes it.
	log := readLog(t, "gorun-ops.log")
	lines := strings.SplitAfter(log, "\n")
	l = parseString(t, strings.Join(lines[:11], "")) // to the header of the second access
	if l.Races != 1 || len(l.Reports) != 1 || len(l.Reports[0].Accesses) != 1 {
		t.Fatalf("cut report: %s", summary(l))
	}
	checkAccess(t, "cut report", l.Reports[0].Accesses[0], logs["gorun-ops.log"].reports[0].acc[0])

	// A crash dump cut inside its stack keeps the frames it has.
	l = parseString(t, "fatal error: concurrent map writes\n\ngoroutine 7 [running]:\ninternal/runtime/maps.fatal({0x4c8aa4?, 0x0?})\n\t/usr/local/go/src/runtime/panic.go:1181 +0x18\n")
	if len(l.Reports) != 1 || len(l.Reports[0].Accesses) != 1 {
		t.Fatalf("cut dump: %s", summary(l))
	}
	if a := l.Reports[0].Accesses[0]; a.Op != OpWrite || a.Goroutine != 7 || len(a.Stack) != 1 {
		t.Errorf("cut dump: %s", summary(l))
	} else if _, ok := a.Site(); ok {
		t.Errorf("cut dump: a site in %v", a.Stack)
	}
}

// TestJSONInterleaved feeds go test -json output of two packages whose
// events interleave, each output line split across two events, as
// test2json does with long lines.
func TestJSONInterleaved(t *testing.T) {
	var a, b []string
	for line := range strings.Lines(readLog(t, "gotest-race.json")) {
		ev, ok := parseEvent(strings.TrimSuffix(line, "\n"))
		if !ok {
			t.Fatalf("not an event: %s", line)
		}
		if ev.Action != "output" {
			continue
		}
		out := *ev.Output
		half := len(out) / 2
		for _, part := range []string{out[:half], out[half:]} {
			a = append(a, fmt.Sprintf(`{"Action":"output","Package":"a","Output":%q}`, part))
			b = append(b, fmt.Sprintf(`{"Action":"output","Package":"b","Output":%q}`, part))
		}
	}
	var mixed strings.Builder
	for i := range a {
		fmt.Fprintln(&mixed, a[i])
		fmt.Fprintln(&mixed, b[i])
	}
	l := parseString(t, mixed.String())
	if l.Races != 2 || len(l.Reports) != 2 {
		t.Fatalf("got %s", summary(l))
	}
	for i, r := range l.Reports {
		for j, acc := range r.Accesses {
			checkAccess(t, fmt.Sprintf("package %d access %d", i, j), acc, logs["gotest-race.json"].reports[0].acc[j])
		}
	}
}

func TestFrameOp(t *testing.T) {
	for fn, want := range map[string]string{
		"runtime.mapassign":                           OpWrite,
		"runtime.mapassign_fast32ptr":                 OpWrite,
		"runtime.mapaccess2_faststr":                  OpRead,
		"runtime.mapaccess1_fat":                      OpRead,
		"runtime.mapdelete_fast64":                    OpDelete,
		"runtime.mapclear":                            OpClear,
		"runtime.mapIterNext":                         OpRange,
		"runtime.mapiterinit":                         OpRange, // before Go 1.24
		"reflect.mapassign_faststr0":                  OpWrite,
		"reflect.mapIterStart":                        OpRange,
		"maps.clone":                                  OpRead,
		"internal/runtime/maps.(*Map).Delete":         OpDelete,
		"internal/runtime/maps.(*Map).putSlotSmall":   OpWrite,
		"internal/runtime/maps.(*Map).Clear":          OpClear,
		"internal/runtime/maps.(*Iter).Next":          OpRange,
		"internal/runtime/maps.(*table).getWithKey":   OpRead,
		"internal/runtime/maps.runtime_mapassign":     OpWrite,
		"internal/runtime/maps.fatal":                 "",
		"runtime.makemap":                             "",
		"runtime.fatal":                               "",
		"maps.Copy[...]":                              "",
		"main.mapassign":                              "", // user code with a runtime-like name
		"example.com/runtime.mapaccess1":              "",
		"main.get[example.com/x/runtime.T]":           "",
		"example.com/p.(*Cache[go.shape.string]).Get": "",
	} {
		if got := frameOp(fn); got != want {
			t.Errorf("frameOp(%q) = %q, want %q", fn, got, want)
		}
	}
}

func TestSplitFunc(t *testing.T) {
	for fn, want := range map[string][2]string{
		"main.main.func1":                     {"main", "main.func1"},
		"internal/runtime/maps.(*Map).Delete": {"internal/runtime/maps", "(*Map).Delete"},
		"example.com/svc/counter.(*C).Add":    {"example.com/svc/counter", "(*C).Add"},
		"maps.Copy[go.shape.map[string]int]":  {"maps", "Copy"},
		"main.f[example.com/x.T]":             {"main", "f"},
		"runtime":                             {"runtime", ""},
	} {
		pkg, name := splitFunc(fn)
		if pkg != want[0] || name != want[1] {
			t.Errorf("splitFunc(%q) = %q, %q; want %q, %q", fn, pkg, name, want[0], want[1])
		}
	}
}
