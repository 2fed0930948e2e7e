package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// racyModule writes a module with one shared map and returns its directory.
func racyModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/racy\n\ngo 1.26\n",
		"main.go": `package main

import "sync"

var counts = map[string]int{}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts["k"]++
		}()
	}
	wg.Wait()
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// terminal makes mapfix take every writer for a terminal (or, with false,
// use the real test), and sets the progress delay, until t ends.
func terminal(t *testing.T, fake bool, delay time.Duration) {
	t.Helper()
	oldTerminal, oldDelay := isTerminal, progressDelay
	t.Cleanup(func() { isTerminal, progressDelay = oldTerminal, oldDelay })
	if fake {
		isTerminal = func(io.Writer) bool { return true }
	}
	progressDelay = delay
}

// noColor sets NO_COLOR to value, or unsets it when value is nil, until t
// ends.
func noColor(t *testing.T, value *string) {
	t.Helper()
	t.Setenv("NO_COLOR", "") // restores the caller's value at the end
	if value == nil {
		os.Unsetenv("NO_COLOR")
	} else {
		os.Setenv("NO_COLOR", *value)
	}
}

// runBuffers runs mapfix with stdout and stderr in buffers.
func runBuffers(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"mapfix"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// runPipes runs mapfix with stdout and stderr on pipes, as in
// "mapfix rewrite | less" or a CI log, with the real terminal test.
func runPipes(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	read := func() (*os.File, func() string) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(&buf, r)
			r.Close()
		}()
		return w, func() string { w.Close(); wg.Wait(); return buf.String() }
	}
	outW, outText := read()
	errW, errText := read()
	code = run(append([]string{"mapfix"}, args...), outW, errW)
	return code, outText(), errText()
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestIsTerminal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tc := range []struct {
		name string
		w    io.Writer
		want bool
	}{
		{"character device", null, true},
		{"pipe", w, false},
		{"regular file", file, false},
		{"buffer", new(bytes.Buffer), false},
	} {
		if got := isTerminal(tc.w); got != tc.want {
			t.Errorf("isTerminal(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Piped output: no progress even when every run counts as slow, and a
// diff without colour.
func TestPipedNoProgressNoColor(t *testing.T) {
	terminal(t, false, 0)
	noColor(t, nil)
	dir := racyModule(t)

	code, stdout, stderr := runPipes(t, "rewrite", "-C", dir, "./...")
	if code != exitFound {
		t.Fatalf("rewrite exit %d, want %d; stderr:\n%s", code, exitFound, stderr)
	}
	if !strings.Contains(stdout, "+var counts = shardedmap.New[string, int]()") {
		t.Errorf("stdout has no diff of the rewrite:\n%s", stdout)
	}
	if ansi.MatchString(stdout) {
		t.Errorf("piped diff is coloured:\n%q", stdout)
	}
	if strings.Contains(stderr, "\r") || strings.Contains(stderr, "loading packages") {
		t.Errorf("progress on a piped stderr:\n%q", stderr)
	}

	code, stdout, stderr = runPipes(t, "check", "-C", dir, "./...")
	if code != exitFound || !strings.Contains(stdout, "counts") {
		t.Fatalf("check exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("check wrote to a piped stderr: %q", stderr)
	}
}

// A terminal and a run quicker than the delay: nothing on stderr.
func TestTerminalFastNoProgress(t *testing.T) {
	terminal(t, true, time.Hour)
	dir := racyModule(t)
	code, stdout, stderr := runBuffers("check", "-C", dir, "./...")
	if code != exitFound || !strings.Contains(stdout, "counts") {
		t.Fatalf("check exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("a run quicker than the delay wrote to stderr: %q", stderr)
	}
}

// checkProgress checks that stderr starts with progress lines that name
// the stages, each rewritten in place, and that the line is cleared
// before anything else; it returns what follows.
func checkProgress(t *testing.T, stderr string, stages ...string) (rest string) {
	t.Helper()
	last := strings.LastIndex(stderr, "\r")
	if !strings.HasPrefix(stderr, "\r") || last < 0 {
		t.Fatalf("stderr does not start with a progress line: %q", stderr)
	}
	segs := strings.Split(stderr[1:last], "\r")
	clear := segs[len(segs)-1]
	lines := segs[:len(segs)-1]
	if len(lines) == 0 {
		t.Fatalf("no progress line before the clearing one: %q", stderr)
	}
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l))
	}
	if strings.Trim(clear, " ") != "" || utf8.RuneCountInString(clear) != width {
		t.Errorf("the progress line is cleared with %q, want %d spaces", clear, width)
	}
	all := strings.Join(lines, "\n")
	for _, s := range stages {
		if !strings.Contains(all, "mapfix: "+s+"…") {
			t.Errorf("no progress line for %q in:\n%s", s, all)
		}
	}
	return stderr[last+1:]
}

// A terminal and a slow run: progress on stderr, cleared at the end;
// stdout, -json included, has none of it.
func TestTerminalSlowProgress(t *testing.T) {
	terminal(t, true, 0)
	dir := racyModule(t)

	code, stdout, stderr := runBuffers("check", "-json", "-C", dir, "./...")
	if code != exitFound {
		t.Fatalf("check exit %d; stderr:\n%q", code, stderr)
	}
	if rest := checkProgress(t, stderr, "loading packages", "analysing 1 package"); rest != "" {
		t.Errorf("check wrote more than progress to stderr: %q", rest)
	}
	var out struct {
		Findings []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	if len(out.Findings) != 1 || out.Findings[0].ID != "example.com/racy.counts" {
		t.Errorf("findings = %+v, want example.com/racy.counts", out.Findings)
	}
	if strings.ContainsAny(stdout, "\r…") {
		t.Errorf("progress in the JSON on stdout:\n%q", stdout)
	}

	// Every writer is a terminal here, so the diff on stdout is coloured.
	code, stdout, stderr = runBuffers("rewrite", "-C", dir, "./...")
	if code != exitFound || !strings.HasPrefix(ansi.ReplaceAllString(stdout, ""), "--- a/main.go\n") {
		t.Fatalf("rewrite exit %d, stdout:\n%s\nstderr:\n%q", code, stdout, stderr)
	}
	checkProgress(t, stderr, "loading packages", "analysing 1 package", "rewriting", "type-checking the rewrite")
	if strings.Contains(stdout, "\r") {
		t.Errorf("progress on stdout:\n%q", stdout)
	}
}

// An error is printed on a clean line, after the progress line is gone.
func TestProgressClearedBeforeError(t *testing.T) {
	terminal(t, true, 0)
	code, _, stderr := runBuffers("check", "-C", t.TempDir(), "./...")
	if code != exitFailure {
		t.Fatalf("check outside a module: exit %d, want %d; stderr:\n%q", code, exitFailure, stderr)
	}
	if rest := checkProgress(t, stderr, "loading packages"); !strings.HasPrefix(rest, "mapfix: ") {
		t.Errorf("after the progress line, stderr has %q, want the error", rest)
	}
}

// On a terminal the diff is coloured, and is the plain diff once the
// colours are taken out; NO_COLOR turns colour off.
func TestColor(t *testing.T) {
	terminal(t, false, time.Hour)
	noColor(t, nil)
	dir := racyModule(t)
	_, plain, _ := runBuffers("rewrite", "-C", dir, "./...")
	if plain == "" || ansi.MatchString(plain) {
		t.Fatalf("diff to a buffer (not a terminal): %q", plain)
	}

	terminal(t, true, time.Hour)
	code, colored, stderr := runBuffers("rewrite", "-C", dir, "./...")
	if code != exitFound {
		t.Fatalf("rewrite exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"\x1b[1m--- a/main.go\x1b[m\n",
		"\x1b[31m-var counts = map[string]int{}\x1b[m\n",
		"\x1b[32m+var counts = shardedmap.New[string, int]()\x1b[m\n",
	} {
		if !strings.Contains(colored, want) {
			t.Errorf("coloured diff lacks %q", want)
		}
	}
	if got := ansi.ReplaceAllString(colored, ""); got != plain {
		t.Errorf("coloured diff without its colours differs from the plain diff:\n%s\nwant:\n%s", got, plain)
	}

	for _, v := range []string{"1", "true"} {
		noColor(t, &v)
		if _, got, _ := runBuffers("rewrite", "-C", dir, "./..."); got != plain {
			t.Errorf("NO_COLOR=%s on a terminal: diff is\n%q\nwant it plain", v, got)
		}
	}
	// NO_COLOR set but empty does not count (https://no-color.org).
	empty := ""
	noColor(t, &empty)
	if _, got, _ := runBuffers("rewrite", "-C", dir, "./..."); got != colored {
		t.Errorf("NO_COLOR= (empty) on a terminal: diff is not coloured:\n%q", got)
	}
}

// syncBuffer is a bytes.Buffer that the progress timer and the test can
// share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A stage that outlasts the delay is shown by the timer, without waiting
// for the next stage; after stop nothing more is written.
func TestProgressTimer(t *testing.T) {
	var w syncBuffer
	p := newProgress(&w, time.Millisecond)
	p.stage("loading packages")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.String(), "loading packages") {
		if time.Now().After(deadline) {
			p.stop()
			t.Fatalf("the stage was not shown once its delay was over; wrote %q", w.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.stop()
	got := w.String()
	checkProgress(t, got, "loading packages")
	p.stage("analysing 3 packages")
	if after := w.String(); after != got {
		t.Errorf("progress wrote %q after stop", after[len(got):])
	}
}

// A shorter stage name overwrites a longer one completely.
func TestProgressInPlace(t *testing.T) {
	var w syncBuffer
	p := newProgress(&w, 0)
	p.stage("analysing 120 packages")
	p.stage("rewriting")
	p.stop()
	// The timer may show a stage again: the first line and the last
	// before the clearing one are what matter.
	segs := strings.Split(w.String(), "\r")
	if len(segs) < 5 || segs[0] != "" || segs[len(segs)-1] != "" {
		t.Fatalf("want two lines or more and a clearing one, got %q", segs)
	}
	first, second := segs[1], segs[len(segs)-3]
	if !strings.HasPrefix(first, "mapfix: analysing 120 packages… ") {
		t.Errorf("first line %q", first)
	}
	if !strings.HasPrefix(second, "mapfix: rewriting… ") || !strings.HasSuffix(second, " ") {
		t.Errorf("second line %q does not blank out the rest of the first", second)
	}
	if n, m := utf8.RuneCountInString(first), utf8.RuneCountInString(second); n != m {
		t.Errorf("second line is %d columns, first %d", m, n)
	}
}
