package lockfix

import (
	"bytes"
	"fmt"
	"go/format"
	"strconv"
	"strings"

	"github.com/mapfix/mapfix/internal/diff"
)

// Merge applies edits, made against old, to new: the same file after the
// sharded-map rewrite of other maps in it. The rewrite prints through dst
// and the lock fix inserts text, so the two meet at lines: the lock fix
// only inserts whole lines between statements, and each insertion lands
// between the same two lines in new, found by a line diff of old and new.
// An insertion whose neighbouring lines the rewrite changed on both sides
// (or one inside a changed line) has no safe place and is an error.
func Merge(old, new []byte, edits []Edit) ([]byte, error) {
	kept := keptLines(old, new)
	oldStarts, newStarts := lineStarts(old), lineStarts(new)
	type ins struct {
		off  int
		text string
	}
	var moved []ins
	for _, e := range edits {
		line := lineOf(oldStarts, e.Offset) // 0-based
		col := e.Offset - oldStarts[line]
		var at int
		switch n, ok := kept[line]; {
		case ok:
			at = newStarts[n] + col
		case col == 0 && line == 0:
			at = 0
		case col == 0:
			p, ok := kept[line-1]
			if !ok {
				return nil, fmt.Errorf("lock fix: the sharded-map rewrite of this file changed the lines around line %d, where the lock goes", line+1)
			}
			at = newStarts[p+1]
		default:
			return nil, fmt.Errorf("lock fix: the sharded-map rewrite of this file changed line %d, where the lock goes", line+1)
		}
		moved = append(moved, ins{at, e.Text})
	}
	var b bytes.Buffer
	prev := 0
	for _, m := range moved {
		if m.off < prev {
			return nil, fmt.Errorf("lock fix: the sharded-map rewrite of this file reordered the lines where the lock goes")
		}
		b.Write(new[prev:m.off])
		b.WriteString(m.text)
		prev = m.off
	}
	b.Write(new[prev:])
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("lock fix: the merged file does not parse (a mapfix bug): %w", err)
	}
	return out, nil
}

// lineStarts returns the offset of each line's start, and one past the
// end as the start of the line after the last.
func lineStarts(b []byte) []int {
	starts := []int{0}
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	if starts[len(starts)-1] != len(b) {
		starts = append(starts, len(b))
	}
	return starts
}

// lineOf returns the 0-based line holding off.
func lineOf(starts []int, off int) int {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// keptLines maps each line of old (0-based) that the diff keeps to its
// line in new.
func keptLines(old, new []byte) map[int]int {
	nOld := len(lineStarts(old))
	kept := make(map[int]int, nOld)
	oi, ni := 0, 0 // next old and new line, 0-based
	keep := func(upTo int) {
		for ; oi < upTo; oi, ni = oi+1, ni+1 {
			kept[oi] = ni
		}
	}
	for _, l := range strings.Split(diff.Unified("f", old, new), "\n") {
		switch {
		case strings.HasPrefix(l, "--- "), strings.HasPrefix(l, "+++ "), strings.HasPrefix(l, `\`), l == "":
		case strings.HasPrefix(l, "@@ "):
			f := strings.Fields(l)
			start, count, _ := strings.Cut(strings.TrimPrefix(f[1], "-"), ",")
			a, _ := strconv.Atoi(start)
			if count != "0" {
				a-- // 1-based; an empty range names the line before
			}
			keep(a)
		case l[0] == ' ':
			kept[oi] = ni
			oi, ni = oi+1, ni+1
		case l[0] == '-':
			oi++
		case l[0] == '+':
			ni++
		}
	}
	keep(nOld)
	return kept
}
