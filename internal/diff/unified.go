package diff

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
)

// context is the number of unchanged lines shown around each change.
const context = 3

// noNewline follows a line that ends its file without a newline.
const noNewline = "\\ No newline at end of file\n"

// Unified returns a unified diff (3 lines of context) turning old into new,
// with headers "--- a/<path>" and "+++ b/<path>" (path slash-separated,
// relative to the module root); a new file (old == nil) has "--- /dev/null"
// and "+++ b/<path>", a deleted file (new == nil) "--- a/<path>" and
// "+++ /dev/null". It returns "" when old and new are equal, which includes
// creating or deleting an empty file: a unified diff has no hunk to say so.
// A file that does not end in a newline gets the "\ No newline at end of
// file" marker as diff -u and git print it. Hunk headers follow GNU diff:
// a one-line range is printed without its count ("-5" for "-5,1") and an
// empty range names the line before it ("+4,0"; "-0,0" for an empty file).
func Unified(path string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	path = filepath.ToSlash(path)
	from, to := "a/"+path, "b/"+path
	if old == nil {
		from = "/dev/null"
	}
	if new == nil {
		to = "/dev/null"
	}

	a, b := splitLines(old), splitLines(new)
	ca, cb := classify(a, b)
	changes := diffLines(ca, cb, len(a)+len(b))

	var sb strings.Builder
	sb.WriteString("--- " + from + "\n")
	sb.WriteString("+++ " + to + "\n")
	for len(changes) > 0 {
		n := hunkLen(changes)
		writeHunk(&sb, a, b, changes[:n])
		changes = changes[n:]
	}
	return sb.String()
}

// hunkLen returns how many of changes share the first one's hunk: those
// whose contexts overlap or touch, that is, no more than 2·context
// unchanged lines apart.
func hunkLen(changes []change) int {
	n := 1
	for n < len(changes) {
		prev := changes[n-1]
		if changes[n].a-(prev.a+prev.del) > 2*context {
			break
		}
		n++
	}
	return n
}

// writeHunk writes the hunk of changes, which hunkLen grouped, with its
// context taken from the old lines a; b are the new lines.
func writeHunk(sb *strings.Builder, a, b [][]byte, changes []change) {
	first, last := changes[0], changes[len(changes)-1]
	// The unchanged lines before the first change and after the last one
	// are the same on both sides, so each side's range follows from the
	// change's own position on that side: nothing is carried over from
	// earlier hunks.
	lead := min(first.a, context)
	trail := min(len(a)-(last.a+last.del), context)
	startA, startB := first.a-lead, first.b-lead
	endA, endB := last.a+last.del+trail, last.b+last.ins+trail

	sb.WriteString("@@ -")
	writeRange(sb, startA, endA-startA)
	sb.WriteString(" +")
	writeRange(sb, startB, endB-startB)
	sb.WriteString(" @@\n")

	i := startA
	for _, c := range changes {
		writeLines(sb, ' ', a[i:c.a])
		writeLines(sb, '-', a[c.a:c.a+c.del])
		writeLines(sb, '+', b[c.b:c.b+c.ins])
		i = c.a + c.del
	}
	writeLines(sb, ' ', a[i:endA])
}

// writeRange writes a hunk range that starts at 0-based line start and
// spans count lines, the way GNU diff does.
func writeRange(sb *strings.Builder, start, count int) {
	switch count {
	case 0:
		// An empty range names the line before it: 0 for the file's start.
		sb.WriteString(strconv.Itoa(start))
		sb.WriteString(",0")
	case 1:
		sb.WriteString(strconv.Itoa(start + 1))
	default:
		sb.WriteString(strconv.Itoa(start + 1))
		sb.WriteByte(',')
		sb.WriteString(strconv.Itoa(count))
	}
}

// writeLines writes each line with its prefix, marking one that lacks a
// final newline.
func writeLines(sb *strings.Builder, prefix byte, lines [][]byte) {
	for _, l := range lines {
		sb.WriteByte(prefix)
		sb.Write(l)
		if len(l) == 0 || l[len(l)-1] != '\n' {
			sb.WriteByte('\n')
			sb.WriteString(noNewline)
		}
	}
}
