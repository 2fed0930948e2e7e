package diff

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// numbered returns lines "1\n" to "n\n", with edit applied to the slice
// of lines first.
func numbered(n int, edit func([]string) []string) []byte {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = strconv.Itoa(i+1) + "\n"
	}
	if edit != nil {
		lines = edit(lines)
	}
	return []byte(strings.Join(lines, ""))
}

// splice returns lines with lines[i:j] replaced by repl.
func splice(lines []string, i, j int, repl ...string) []string {
	out := append([]string{}, lines[:i]...)
	for _, r := range repl {
		out = append(out, r+"\n")
	}
	return append(out, lines[j:]...)
}

// edits composes slice edits, applied last first so that indices refer to
// the original lines when the edits are listed top to bottom.
func edits(fs ...func([]string) []string) func([]string) []string {
	return func(lines []string) []string {
		for i := len(fs) - 1; i >= 0; i-- {
			lines = fs[i](lines)
		}
		return lines
	}
}

func at(i, j int, repl ...string) func([]string) []string {
	return func(lines []string) []string { return splice(lines, i, j, repl...) }
}

const hdr = "--- a/p.go\n+++ b/p.go\n"

var cases = []struct {
	name     string
	old, new []byte
	want     string
}{
	{"identical", []byte("a\nb\n"), []byte("a\nb\n"), ""},
	{"both empty", []byte{}, []byte{}, ""},
	{"create empty file", nil, []byte{}, ""},
	{"insert at start", []byte("a\nb\nc\nd\n"), []byte("x\na\nb\nc\nd\n"),
		hdr + "@@ -1,3 +1,4 @@\n+x\n a\n b\n c\n"},
	{"insert in middle", numbered(10, nil), numbered(10, at(5, 5, "x")),
		hdr + "@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+x\n 6\n 7\n 8\n"},
	{"insert at end", []byte("a\nb\nc\nd\n"), []byte("a\nb\nc\nd\ne\n"),
		hdr + "@@ -2,3 +2,4 @@\n b\n c\n d\n+e\n"},
	{"delete", numbered(10, nil), numbered(10, at(4, 5)),
		hdr + "@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n"},
	{"delete first line", numbered(5, nil), numbered(5, at(0, 1)),
		hdr + "@@ -1,4 +1,3 @@\n-1\n 2\n 3\n 4\n"},
	{"replace", numbered(10, nil), numbered(10, at(4, 5, "X")),
		hdr + "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"},
	{"replace block with more lines", numbered(10, nil), numbered(10, at(4, 6, "X", "Y", "Z")),
		hdr + "@@ -2,8 +2,9 @@\n 2\n 3\n 4\n-5\n-6\n+X\n+Y\n+Z\n 7\n 8\n 9\n"},
	{"single line file", []byte("a\n"), []byte("b\n"),
		hdr + "@@ -1 +1 @@\n-a\n+b\n"},
	{"overlapping contexts merged", numbered(20, nil), numbered(20, edits(at(4, 5, "X"), at(10, 11, "Y"))),
		hdr + "@@ -2,13 +2,13 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n 9\n 10\n-11\n+Y\n 12\n 13\n 14\n"},
	{"touching contexts merged (6 lines apart)", numbered(20, nil), numbered(20, edits(at(4, 5, "X"), at(11, 12, "Y"))),
		hdr + "@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n 9\n 10\n 11\n-12\n+Y\n 13\n 14\n 15\n"},
	{"7 lines apart: two hunks", numbered(20, nil), numbered(20, edits(at(4, 5, "X"), at(12, 13, "Y"))),
		hdr + "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n@@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+Y\n 14\n 15\n 16\n"},
	{"far apart, sizes change", numbered(20, nil), numbered(20, edits(at(2, 2, "x", "y"), at(17, 18))),
		hdr + "@@ -1,5 +1,7 @@\n 1\n 2\n+x\n+y\n 3\n 4\n 5\n@@ -15,6 +17,5 @@\n 15\n 16\n 17\n-18\n 19\n 20\n"},
	{
		// golang/go#81453: the hunk after a merged hunk whose changes
		// add and remove different numbers of lines must start at the
		// right new line.
		"hunk after merged hunk", numbered(30, nil),
		numbered(30, edits(at(3, 3, "x", "y"), at(7, 8), at(24, 25, "Z"))),
		hdr + "@@ -1,11 +1,12 @@\n 1\n 2\n 3\n+x\n+y\n 4\n 5\n 6\n 7\n-8\n 9\n 10\n 11\n" +
			"@@ -22,7 +23,7 @@\n 22\n 23\n 24\n-25\n+Z\n 26\n 27\n 28\n",
	},
	{"no newline at end of old", []byte("a\nb"), []byte("a\nb\n"),
		hdr + "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
	{"no newline at end of new", []byte("a\nb\n"), []byte("a\nb"),
		hdr + "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"},
	{"no newline at end of either", []byte("a\nb"), []byte("a\nc"),
		hdr + "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
	{"no newline on shared context", []byte("a\nb\nc"), []byte("x\nb\nc"),
		hdr + "@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n\\ No newline at end of file\n"},
	{"no newline, append line", []byte("a"), []byte("a\nb"),
		hdr + "@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n\\ No newline at end of file\n"},
	{"new file", nil, []byte("a\nb\n"),
		"--- /dev/null\n+++ b/p.go\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
	{"new file without newline", nil, []byte("a"),
		"--- /dev/null\n+++ b/p.go\n@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n"},
	{"empty old file", []byte{}, []byte("a\nb\n"),
		hdr + "@@ -0,0 +1,2 @@\n+a\n+b\n"},
	{"deleted file", []byte("a\nb\n"), nil,
		"--- a/p.go\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
	{"emptied file", []byte("a\n"), []byte{},
		hdr + "@@ -1 +0,0 @@\n-a\n"},
	{"CRLF lines", []byte("a\r\nb\r\n"), []byte("a\r\nc\r\n"),
		hdr + "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"},
}

func TestUnified(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("p.go", tc.old, tc.new)
			if got != tc.want {
				t.Fatalf("Unified:\n%s\nwant:\n%s", got, tc.want)
			}
			if got == "" {
				return
			}
			checkApplies(t, tc.old, tc.new, got)
			if want, ok := gnuDiff(t, t.TempDir(), "p.go", tc.old, tc.new); ok && want != got {
				t.Errorf("GNU diff -u prints:\n%s", want)
			}
		})
	}
}

func TestUnifiedPath(t *testing.T) {
	got := Unified(filepath.Join("sub", "x.go"), []byte("a\n"), []byte("b\n"))
	if want := "--- a/sub/x.go\n+++ b/sub/x.go\n"; !strings.HasPrefix(got, want) {
		t.Errorf("headers: %q, want prefix %q", got, want)
	}
}

// checkApplies applies patch to old with the test's strict applier and
// checks that it yields new.
func checkApplies(t *testing.T, old, new []byte, patch string) {
	t.Helper()
	got, err := applyPatch(old, patch)
	if err != nil {
		t.Fatalf("patch does not apply: %v\n%s", err, patch)
	}
	if !bytes.Equal(got, new) {
		t.Fatalf("patch applied gives %q, want %q\n%s", got, new, patch)
	}
	from, to, _, _ := parsePatch(patch)
	if (old == nil) != (from == "/dev/null") || (new == nil) != (to == "/dev/null") {
		t.Fatalf("headers %q, %q for old nil %v, new nil %v", from, to, old == nil, new == nil)
	}
}

// gnuDiff returns `diff -u` of old and new labelled as Unified labels them,
// or false when diff is not GNU diff on PATH.
// Its scratch files go in dir.
func gnuDiff(t *testing.T, dir, path string, old, new []byte) (string, bool) {
	t.Helper()
	if !haveGNUDiff() {
		return "", false
	}
	write := func(name string, data []byte) string {
		if data == nil {
			return os.DevNull
		}
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, data, 0o666); err != nil {
			t.Fatal(err)
		}
		return f
	}
	from, to := "a/"+path, "b/"+path
	if old == nil {
		from = "/dev/null"
	}
	if new == nil {
		to = "/dev/null"
	}
	cmd := exec.Command("diff", "-u", "--label", from, "--label", to, write("old", old), write("new", new))
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		t.Fatalf("diff: %v", err)
	}
	return string(out), true
}

var gnuDiffChecked, gnuDiffFound bool

// haveGNUDiff reports whether GNU diff is on PATH.
func haveGNUDiff() bool {
	if !gnuDiffChecked {
		gnuDiffChecked = true
		out, err := exec.Command("diff", "--version").Output()
		gnuDiffFound = err == nil && bytes.Contains(out, []byte("GNU diffutils"))
	}
	return gnuDiffFound
}

// randomFile returns up to maxLines lines drawn from the first k letters
// (few letters: many matches, many ties), sometimes without a final
// newline, sometimes nil.
func randomFile(r *rand.Rand, maxLines, k int) []byte {
	if r.IntN(20) == 0 {
		return nil
	}
	b := []byte{}
	for range r.IntN(maxLines + 1) {
		b = append(b, token(r.IntN(k))...)
	}
	if len(b) > 0 && r.IntN(5) == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// token returns the i'th line of the random files' alphabet.
func token(i int) string {
	if i < 26 {
		return string(rune('a'+i)) + "\n"
	}
	return "l" + strconv.Itoa(i) + "\n"
}

// mutate returns a copy of old's lines with a few random edits.
func mutate(r *rand.Rand, old []byte, k int) []byte {
	if r.IntN(20) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(old), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for range 1 + r.IntN(4) {
		i := r.IntN(len(lines) + 1)
		j := min(i+r.IntN(3), len(lines))
		var repl []string
		for range r.IntN(3) {
			repl = append(repl, token(r.IntN(k)))
		}
		lines = append(lines[:i], append(repl, lines[j:]...)...)
	}
	s := strings.Join(lines, "")
	if r.IntN(6) == 0 {
		s = strings.TrimSuffix(s, "\n")
	} else if r.IntN(6) == 0 && s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return []byte(s)
}

// bodyEdits counts the removed and added lines of a diff.
func bodyEdits(d string) int {
	n := 0
	for l := range strings.Lines(d) {
		if (l[0] == '-' && !strings.HasPrefix(l, "--- ")) || (l[0] == '+' && !strings.HasPrefix(l, "+++ ")) {
			n++
		}
	}
	return n
}

// TestUnifiedRandom checks Unified on random pairs of small files from a
// small alphabet (many matches, many ties).
func TestUnifiedRandom(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	checkRandom(t, 1, n, func(r *rand.Rand) (old, new []byte) {
		k := 2 + r.IntN(5)
		old = randomFile(r, 30, k)
		if r.IntN(3) == 0 {
			return old, randomFile(r, 30, k)
		}
		return old, mutate(r, old, k)
	})
}

// TestUnifiedRandomLarger checks Unified on random pairs of longer files,
// where unmatched and frequent lines are discarded before the search and
// common prefixes and suffixes are long.
func TestUnifiedRandomLarger(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 20
	}
	checkRandom(t, 2, n, func(r *rand.Rand) (old, new []byte) {
		k := 3 + r.IntN(60)
		old = randomFile(r, 400, k)
		new = old
		for range 1 + r.IntN(6) {
			new = mutate(r, new, k+r.IntN(10))
		}
		return old, new
	})
}

// TestUnifiedRandomRewrites checks Unified on files like rewritten code:
// lines unique to one side (which are discarded before the search) mixed
// with very frequent lines such as "}" (which are discarded only inside
// runs of unique lines).
func TestUnifiedRandomRewrites(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	unique := 0
	block := func(r *rand.Rand, lines int, pFrequent int) []string {
		var out []string
		for range lines {
			if r.IntN(100) < pFrequent {
				out = append(out, token(r.IntN(3)))
			} else {
				unique++
				out = append(out, "u"+strconv.Itoa(unique)+"\n")
			}
		}
		return out
	}
	checkRandom(t, 3, n, func(r *rand.Rand) (old, new []byte) {
		p := 10 + r.IntN(60)
		lines := block(r, r.IntN(600), p)
		old = []byte(strings.Join(lines, ""))
		for range 1 + r.IntN(8) {
			i := r.IntN(len(lines) + 1)
			j := min(i+r.IntN(80), len(lines))
			lines = append(lines[:i], append(block(r, r.IntN(80), p), lines[j:]...)...)
		}
		return old, []byte(strings.Join(lines, ""))
	})
}

// checkRandom checks Unified on n pairs of files from gen, seeded with
// seed: the patch applies exactly and yields the new file; where GNU diff
// is on PATH, the output is the same as `diff -u`, or at least no longer
// where GNU diff breaks a tie differently; where git is, every tenth patch
// goes through `git apply`.
func checkRandom(t *testing.T, seed uint64, n int, gen func(*rand.Rand) (old, new []byte)) {
	r := rand.New(rand.NewPCG(seed, 42))
	git := newGitRepo(t)
	dir := t.TempDir()
	same, compared := 0, 0
	for i := range n {
		old, new := gen(r)
		got := Unified("p.go", old, new)
		if bytes.Equal(old, new) {
			if got != "" {
				t.Fatalf("case %d: equal files give %q", i, got)
			}
			continue
		}
		if got == "" {
			t.Fatalf("case %d: no diff for %q -> %q", i, old, new)
		}
		checkApplies(t, old, new, got)
		if want, ok := gnuDiff(t, dir, "p.go", old, new); ok {
			compared++
			if want == got {
				same++
			} else if bodyEdits(got) > bodyEdits(want) {
				t.Fatalf("case %d: %q -> %q: longer than GNU diff's\n%s\nGNU:\n%s", i, old, new, got, want)
			} else {
				t.Logf("case %d: %q -> %q: differs from GNU diff's\n%s\nGNU:\n%s", i, old, new, got, want)
			}
		}
		if git != nil && i%10 == 0 {
			git.check(t, old, new, got)
		}
	}
	if compared > 0 {
		t.Logf("%d of %d diffs identical to GNU diff -u", same, compared)
		// The algorithm is GNU diff's; allow for rare tie-breaks.
		if same*100 < compared*95 {
			t.Errorf("only %d of %d diffs identical to GNU diff -u", same, compared)
		}
	}
}

// gitRepo is a scratch repository for checking patches with git apply.
type gitRepo struct{ dir string }

// newGitRepo returns a scratch git repository, or nil when git is not on
// PATH.
func newGitRepo(t *testing.T) *gitRepo {
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("git not on PATH: not checking with git apply")
		return nil
	}
	g := &gitRepo{dir: t.TempDir()}
	g.run(t, nil, "init", "-q")
	return g
}

func (g *gitRepo) run(t *testing.T, stdin []byte, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = g.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	cmd.Stdin = bytes.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// check writes old (nil: no file) as p.go, runs git apply --check and git
// apply on patch, and checks the file then holds new (nil: no file).
func (g *gitRepo) check(t *testing.T, old, new []byte, patch string) {
	t.Helper()
	file := filepath.Join(g.dir, "p.go")
	os.Remove(file)
	if old != nil {
		if err := os.WriteFile(file, old, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	g.run(t, []byte(patch), "apply", "--check", "-")
	g.run(t, []byte(patch), "apply", "-")
	got, err := os.ReadFile(file)
	switch {
	case new == nil && err == nil:
		t.Fatalf("git apply left p.go, want it deleted\n%s", patch)
	case new == nil:
	case err != nil:
		t.Fatal(err)
	case !bytes.Equal(got, new):
		t.Fatalf("git apply gives %q, want %q\n%s", got, new, patch)
	}
}
