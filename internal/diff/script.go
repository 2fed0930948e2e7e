package diff

// change is one run of differing lines: old lines [a, a+del) become new
// lines [b, b+ins) (0-based line indices).
type change struct {
	a, del int
	b, ins int
}

// horizon is how many lines of the common prefix and suffix stay in the
// comparison, as GNU diff keeps its context's worth: changes can slide
// into them, and the counts that decide discards see them.
const horizon = 3

// diffLines returns the changes that turn the old lines into the new ones,
// given their equivalence classes (all below nclass), in order.
func diffLines(a, b []int, nclass int) []change {
	n, m := len(a), len(b)
	prefix := 0
	for prefix < n && prefix < m && a[prefix] == b[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < n-prefix && suffix < m-prefix && a[n-1-suffix] == b[m-1-suffix] {
		suffix++
	}
	if prefix == n && prefix == m {
		return nil
	}
	lo := max(prefix-horizon, 0)
	trim := max(suffix-horizon, 0)
	ra, rb := a[lo:n-trim], b[lo:m-trim]

	// Flags with a false sentinel at each end; line i is at i+1.
	changed := [2][]bool{make([]bool, len(ra)+2), make([]bool, len(rb)+2)}

	// Lines that cannot or should not be matched are changes outright;
	// the rest go to the Myers search.
	da, db := discardConfusing(ra, rb, nclass)
	keptA, idxA := undiscarded(ra, da, changed[0])
	keptB, idxB := undiscarded(rb, db, changed[1])
	c := newComparer(keptA, keptB, idxA, idxB, changed[0][1:], changed[1][1:])
	c.compare(0, len(keptA), 0, len(keptB), false)

	shiftBoundaries([2][]int{ra, rb}, changed)
	return collect(changed[0][1:len(ra)+1], changed[1][1:len(rb)+1], lo)
}

// undiscarded returns the lines whose mark is keep, and their indices in
// lines; it flags the others in changed (offset by its sentinel).
func undiscarded(lines []int, marks []byte, changed []bool) (kept, idx []int) {
	kept = make([]int, 0, len(lines))
	idx = make([]int, 0, len(lines))
	for i, e := range lines {
		if marks[i] == keep {
			kept = append(kept, e)
			idx = append(idx, i)
		} else {
			changed[i+1] = true
		}
	}
	return kept, idx
}

// collect turns per-line change flags into runs of changes, adding base
// to every line index.
func collect(ca, cb []bool, base int) []change {
	var out []change
	i, j := 0, 0
	for i < len(ca) || j < len(cb) {
		if i < len(ca) && j < len(cb) && !ca[i] && !cb[j] {
			i++
			j++
			continue
		}
		i0, j0 := i, j
		for i < len(ca) && ca[i] {
			i++
		}
		for j < len(cb) && cb[j] {
			j++
		}
		if i == i0 && j == j0 {
			panic("diff: unchanged lines out of step")
		}
		out = append(out, change{a: base + i0, del: i - i0, b: base + j0, ins: j - j0})
	}
	return out
}
