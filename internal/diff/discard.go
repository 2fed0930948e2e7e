package diff

// Discard marks, as in GNU diff's discard_confusing_lines.
const (
	keep        = 0 // the line takes part in the comparison
	discard     = 1 // the line has no match on the other side
	provisional = 2 // the line matches too often to be worth comparing
)

// discardConfusing decides which lines of a and b (equivalence classes
// below nclass) can be left out of the Myers search because they are changes
// whatever the alignment, or too common to be informative. This speeds up
// the search on real files and avoids aligning on lines such as "}" in the
// middle of unrelated code. It follows GNU diff so that hunks look alike:
// a line with no match on the other side is discarded; a line with many
// matches only inside a long enough run of discarded lines.
func discardConfusing(a, b []int, nclass int) (da, db []byte) {
	countA, countB := make([]int, nclass), make([]int, nclass)
	for _, e := range a {
		countA[e]++
	}
	for _, e := range b {
		countB[e]++
	}
	return markDiscards(a, countB), markDiscards(b, countA)
}

// markDiscards returns the discard mark of each line of lines, given how
// many times each class occurs on the other side.
func markDiscards(lines, other []int) []byte {
	end := len(lines)
	marks := make([]byte, end)
	// A line is "too common" past about 5·(end/64)^(1/4) matches.
	many := 5
	for tem := end / 64; ; {
		tem >>= 2
		if tem <= 0 {
			break
		}
		many *= 2
	}
	for i, e := range lines {
		switch n := other[e]; {
		case n == 0:
			marks[i] = discard
		case n > many:
			marks[i] = provisional
		}
	}

	// Keep provisional lines except inside a run of discardable lines
	// with real discards at both ends.
	for i := 0; i < end; i++ {
		switch marks[i] {
		case keep:
			continue
		case provisional:
			marks[i] = keep
			continue
		}
		j, nprov := i, 0
		for ; j < end && marks[j] != keep; j++ {
			if marks[j] == provisional {
				nprov++
			}
		}
		for j > i && marks[j-1] == provisional {
			j--
			marks[j] = keep
			nprov--
		}
		length := j - i
		if nprov*4 > length {
			// Mostly provisional: keep them all.
			for k := i; k < j; k++ {
				if marks[k] == provisional {
					marks[k] = keep
				}
			}
		} else {
			cancelLongSubruns(marks[i:j])
			cancelEnds(marks[i:j])
		}
		i = j - 1
	}
	for i, m := range marks {
		if m == provisional {
			marks[i] = discard
		}
	}
	return marks
}

// cancelLongSubruns keeps every run of provisional lines in run that is at
// least about sqrt(len(run)/4) long.
func cancelLongSubruns(run []byte) {
	minimum := 1
	for tem := len(run) >> 2; ; {
		tem >>= 2
		if tem <= 0 {
			break
		}
		minimum <<= 1
	}
	minimum++
	consec := 0
	for j := 0; j < len(run); j++ {
		switch {
		case run[j] != provisional:
			consec = 0
		case consec+1 == minimum:
			// Back up to the start of the subrun and cancel it all.
			consec++
			j -= consec
		default:
			consec++
			if consec > minimum {
				run[j] = keep
			}
		}
	}
}

// cancelEnds keeps the provisional lines at each end of run, up to three
// real discards in a row or the first real discard eight lines in.
func cancelEnds(run []byte) {
	n := len(run)
	scan := func(at func(j int) int) {
		consec := 0
		for j := 0; j < n; j++ {
			k := at(j)
			if j >= 8 && run[k] == discard {
				break
			}
			switch run[k] {
			case provisional:
				consec = 0
				run[k] = keep
			case keep:
				consec = 0
			default:
				consec++
			}
			if consec == 3 {
				break
			}
		}
	}
	scan(func(j int) int { return j })
	scan(func(j int) int { return n - 1 - j })
}
