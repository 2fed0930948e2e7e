package diff

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// hunk is one parsed hunk of a unified diff.
type hunk struct {
	oldStart, oldCount int // as printed in the header
	newStart, newCount int
	oldLines, newLines [][]byte // the lines each side holds, newlines included
	lead, trail        int      // context lines before the first and after the last change
}

// parseHunkHeader parses "@@ -l[,s] +l[,s] @@".
func parseHunkHeader(line string) (h hunk, err error) {
	f := strings.Fields(line)
	if len(f) != 4 || f[0] != "@@" || f[3] != "@@" {
		return h, fmt.Errorf("bad hunk header %q", line)
	}
	parse := func(r, sign string) (start, count int, err error) {
		r, ok := strings.CutPrefix(r, sign)
		if !ok {
			return 0, 0, fmt.Errorf("bad range %q", r)
		}
		s, c, found := strings.Cut(r, ",")
		count = 1
		if found {
			if c == "1" {
				return 0, 0, fmt.Errorf("range %q: GNU diff prints a one-line range without its count", r)
			}
			if count, err = strconv.Atoi(c); err != nil {
				return 0, 0, err
			}
		}
		start, err = strconv.Atoi(s)
		return start, count, err
	}
	if h.oldStart, h.oldCount, err = parse(f[1], "-"); err != nil {
		return h, err
	}
	h.newStart, h.newCount, err = parse(f[2], "+")
	return h, err
}

// parsePatch checks the two header lines and parses the hunks of a diff as
// Unified prints it, checking that each body matches its header's counts.
func parsePatch(patch string) (from, to string, hunks []hunk, err error) {
	if !strings.HasSuffix(patch, "\n") {
		return "", "", nil, fmt.Errorf("patch does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(patch, "\n"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", "", nil, fmt.Errorf("bad file headers")
	}
	from, to = lines[0][4:], lines[1][4:]
	lines = lines[2:]
	for len(lines) > 0 {
		h, err := parseHunkHeader(lines[0])
		if err != nil {
			return "", "", nil, err
		}
		lines = lines[1:]
		// prev records which sides the last body line went to, for a
		// following "\ No newline" marker.
		var prevOld, prevNew bool
		changed := false
		for len(h.oldLines) < h.oldCount || len(h.newLines) < h.newCount || (len(lines) > 0 && strings.HasPrefix(lines[0], "\\")) {
			if len(lines) == 0 {
				return "", "", nil, fmt.Errorf("hunk body shorter than its header says")
			}
			l := lines[0]
			lines = lines[1:]
			if l == "" {
				return "", "", nil, fmt.Errorf("empty line in hunk body")
			}
			text := []byte(l[1:] + "\n")
			switch l[0] {
			case ' ':
				h.oldLines = append(h.oldLines, text)
				h.newLines = append(h.newLines, text)
				prevOld, prevNew = true, true
				if changed {
					h.trail++
				} else {
					h.lead++
				}
			case '-':
				h.oldLines = append(h.oldLines, text)
				prevOld, prevNew = true, false
				changed, h.trail = true, 0
			case '+':
				h.newLines = append(h.newLines, text)
				prevOld, prevNew = false, true
				changed, h.trail = true, 0
			case '\\':
				if l != strings.TrimSuffix(noNewline, "\n") {
					return "", "", nil, fmt.Errorf("bad marker %q", l)
				}
				if prevOld {
					last := h.oldLines[len(h.oldLines)-1]
					h.oldLines[len(h.oldLines)-1] = last[:len(last)-1]
				}
				if prevNew {
					last := h.newLines[len(h.newLines)-1]
					h.newLines[len(h.newLines)-1] = last[:len(last)-1]
				}
				prevOld, prevNew = false, false
			default:
				return "", "", nil, fmt.Errorf("bad body line %q", l)
			}
		}
		if len(h.oldLines) != h.oldCount || len(h.newLines) != h.newCount {
			return "", "", nil, fmt.Errorf("hunk body has %d/%d lines, header says %d/%d",
				len(h.oldLines), len(h.newLines), h.oldCount, h.newCount)
		}
		if !changed {
			return "", "", nil, fmt.Errorf("hunk without changes")
		}
		hunks = append(hunks, h)
	}
	if len(hunks) == 0 {
		return "", "", nil, fmt.Errorf("no hunks")
	}
	return from, to, hunks, nil
}

// applyPatch applies patch, as Unified prints it, to old, exactly: every
// hunk must sit where its header says, in order, with the context and
// removed lines it claims. It also checks that the hunks' layout is the
// one GNU diff prints: full context where the file has it, and hunks that
// would have shared context merged.
func applyPatch(old []byte, patch string) ([]byte, error) {
	_, _, hunks, err := parsePatch(patch)
	if err != nil {
		return nil, err
	}
	a := splitLines(old)
	var out [][]byte
	pos := 0 // the next old line to copy, 0-based
	for k, h := range hunks {
		// An empty range names the line before it.
		start := h.oldStart - 1
		if h.oldCount == 0 {
			start = h.oldStart
		}
		newStart := h.newStart - 1
		if h.newCount == 0 {
			newStart = h.newStart
		}
		if start < pos || start+h.oldCount > len(a) {
			return nil, fmt.Errorf("hunk %d: old range %d,%d out of order or out of the file (%d lines, at %d)",
				k, h.oldStart, h.oldCount, len(a), pos)
		}
		if k > 0 && start == pos {
			return nil, fmt.Errorf("hunk %d: touches the previous hunk; they should have been merged", k)
		}
		if want := min(start+h.lead, context); h.lead != want {
			return nil, fmt.Errorf("hunk %d: %d lines of leading context, want %d", k, h.lead, want)
		}
		out = append(out, a[pos:start]...)
		if newStart != len(out) {
			return nil, fmt.Errorf("hunk %d: new start %d, but the new file's hunk starts at line %d",
				k, h.newStart, len(out)+1)
		}
		for i, l := range h.oldLines {
			if !bytes.Equal(a[start+i], l) {
				return nil, fmt.Errorf("hunk %d: old line %d is %q, patch says %q", k, start+i+1, a[start+i], l)
			}
		}
		end := start + h.oldCount
		if want := min(len(a)-end+h.trail, context); h.trail != want {
			return nil, fmt.Errorf("hunk %d: %d lines of trailing context, want %d", k, h.trail, want)
		}
		out = append(out, h.newLines...)
		pos = end
	}
	out = append(out, a[pos:]...)
	return bytes.Join(out, nil), nil
}
