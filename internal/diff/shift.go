package diff

// shiftBoundaries slides runs of changed lines over identical neighbouring
// lines, as GNU diff does, so that equal edit scripts print alike: each run
// is merged with neighbouring runs where it can be, then moved as far down
// as it goes, then moved back up to line up with a run of changes on the
// other side if one is in reach.
//
// changed[f] holds the flags of side f with a false sentinel at each end:
// line i's flag is changed[f][i+1]. classes[f] are that side's line classes.
func shiftBoundaries(classes [2][]int, changed [2][]bool) {
	for f := range 2 {
		ch, other, eq := changed[f], changed[1-f], classes[f]
		// c and o read the flags of line i of this side and of the other.
		c := func(i int) bool { return ch[i+1] }
		o := func(j int) bool { return other[j+1] }
		set := func(i int, v bool) { ch[i+1] = v }
		end := len(eq)
		i, j := 0, 0 // j: the line of the other side that corresponds to i
		for {
			// Find the start of the next run of changes, keeping j in step.
			for i < end && !c(i) {
				for o(j) {
					j++
				}
				j++
				i++
			}
			if i == end {
				break
			}
			start := i
			for i++; c(i); i++ {
			}
			for o(j) {
				j++
			}

			corresponding := end
			for {
				runlength := i - start
				// Move the run up while the line above equals its last line,
				// merging with runs above.
				for start > 0 && eq[start-1] == eq[i-1] {
					start--
					set(start, true)
					i--
					set(i, false)
					for c(start - 1) {
						start--
					}
					for j--; o(j); j-- {
					}
				}
				// The run's end, where it lines up with changes on the
				// other side; end if it never does.
				corresponding = end
				if o(j - 1) {
					corresponding = i
				}
				// Move it down while its first line equals the line below,
				// merging with runs below; done last, so an unmerged run
				// ends up as low as it goes.
				for i != end && eq[start] == eq[i] {
					set(start, false)
					start++
					set(i, true)
					i++
					for c(i) {
						i++
					}
					for j++; o(j); j++ {
						corresponding = i
					}
				}
				if runlength == i-start {
					break
				}
			}
			// Move the merged run back up to meet the other side's changes.
			for corresponding < i {
				start--
				set(start, true)
				i--
				set(i, false)
				for j--; o(j); j-- {
				}
			}
		}
	}
}
