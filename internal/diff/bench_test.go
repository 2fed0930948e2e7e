package diff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchFiles returns a Go-like file of n lines and a copy with edits
// scattered edits: lines replaced, inserted and deleted.
func benchFiles(n, edits int) (old, new []byte) {
	lines := make([]string, n)
	for i := range lines {
		switch i % 10 {
		case 0:
			lines[i] = fmt.Sprintf("func f%d(x int) int {\n", i)
		case 8:
			lines[i] = "}\n"
		case 9:
			lines[i] = "\n"
		default:
			lines[i] = fmt.Sprintf("\tx += %d * y%d\n", i%7, i%13)
		}
	}
	old = []byte(strings.Join(lines, ""))
	r := rand.New(rand.NewPCG(7, 8))
	for e := range edits {
		i := e*len(lines)/edits + r.IntN(len(lines)/edits/2)
		switch e % 3 {
		case 0:
			lines[i] = fmt.Sprintf("\tchanged(%d)\n", e)
		case 1:
			lines = append(lines[:i], append([]string{fmt.Sprintf("\tinserted(%d)\n", e)}, lines[i:]...)...)
		case 2:
			lines = append(lines[:i], lines[i+1:]...)
		}
	}
	return old, []byte(strings.Join(lines, ""))
}

// BenchmarkUnified diffs a 5000-line file with 50 scattered edits.
func BenchmarkUnified(b *testing.B) {
	old, new := benchFiles(5000, 50)
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	for b.Loop() {
		Unified("p.go", old, new)
	}
}

func TestBenchFiles(t *testing.T) {
	old, new := benchFiles(5000, 50)
	got := Unified("p.go", old, new)
	checkApplies(t, old, new, got)
	if want, ok := gnuDiff(t, t.TempDir(), "p.go", old, new); ok && got != want {
		t.Errorf("differs from GNU diff -u:\n%s\nGNU:\n%s", got, want)
	}
}
