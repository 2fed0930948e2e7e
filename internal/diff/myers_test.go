package diff

import (
	"math/rand/v2"
	"testing"
)

// lcsLen returns the length of a longest common subsequence of a and b by
// dynamic programming.
func lcsLen(a, b []int) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestComparerMinimal checks that the middle-snake search alone finds edit
// scripts of minimal length, and valid ones: what it leaves unmarked is a
// common subsequence.
func TestComparerMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		k := 1 + r.IntN(5)
		a, b := make([]int, r.IntN(25)), make([]int, r.IntN(25))
		for j := range a {
			a[j] = r.IntN(k)
		}
		for j := range b {
			b[j] = r.IntN(k)
		}
		ia, ib := indices(len(a)), indices(len(b))
		ca, cb := make([]bool, len(a)), make([]bool, len(b))
		newComparer(a, b, ia, ib, ca, cb).compare(0, len(a), 0, len(b), false)

		var keptA, keptB []int
		for j, c := range ca {
			if !c {
				keptA = append(keptA, a[j])
			}
		}
		for j, c := range cb {
			if !c {
				keptB = append(keptB, b[j])
			}
		}
		if !equalInts(keptA, keptB) {
			t.Fatalf("case %d: %v -> %v: unchanged lines differ: %v, %v", i, a, b, keptA, keptB)
		}
		if want := lcsLen(a, b); len(keptA) != want {
			t.Fatalf("case %d: %v -> %v: keeps %d lines, an LCS has %d", i, a, b, len(keptA), want)
		}
	}
}

func indices(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestUnifiedDissimilar runs the search past its cost limit, on long files
// with nothing in common but a few frequent lines, and checks the patch.
func TestUnifiedDissimilar(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	file := func(n int) []byte {
		var b []byte
		for range n {
			b = append(b, token(r.IntN(200))...)
		}
		return b
	}
	old, new := file(6000), file(6000)
	got := Unified("p.go", old, new)
	checkApplies(t, old, new, got)
	if want, ok := gnuDiff(t, t.TempDir(), "p.go", old, new); ok && got != want {
		t.Errorf("differs from GNU diff -u")
	}
}
