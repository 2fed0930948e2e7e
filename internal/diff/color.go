package diff

import (
	"strconv"
	"strings"
)

// ANSI escapes in git's default diff colours.
const (
	colorMeta  = "\x1b[1m"  // bold: file headers
	colorFrag  = "\x1b[36m" // cyan: hunk headers
	colorOld   = "\x1b[31m" // red: removed lines
	colorNew   = "\x1b[32m" // green: added lines
	colorReset = "\x1b[m"
)

// Color returns diff, one or more unified diffs such as Unified returns,
// with ANSI colours for a terminal as git prints them: file headers bold,
// hunk headers cyan, removed lines red and added lines green; context lines
// and "\ No newline at end of file" markers stay plain. Each escape closes
// before the line's newline. Hunk bodies are told from headers by the line
// counts in the hunk headers, so a removed line reading "-- x" is not taken
// for a "--- " header.
func Color(diff string) string {
	var sb strings.Builder
	sb.Grow(len(diff) + len(diff)/4)
	oldLeft, newLeft := 0, 0 // lines still to come in the current hunk
	for len(diff) > 0 {
		line, rest, nl := strings.Cut(diff, "\n")
		diff = rest

		var color string
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case strings.HasPrefix(line, "-"):
				color = colorOld
				oldLeft--
			case strings.HasPrefix(line, "+"):
				color = colorNew
				newLeft--
			case strings.HasPrefix(line, "\\"):
			default:
				oldLeft--
				newLeft--
			}
		} else {
			switch {
			case strings.HasPrefix(line, "@@ "):
				color = colorFrag
				oldLeft, newLeft = hunkCounts(line)
			case strings.HasPrefix(line, "--- "), strings.HasPrefix(line, "+++ "),
				strings.HasPrefix(line, "diff "), strings.HasPrefix(line, "index "):
				color = colorMeta
			}
		}
		if color != "" {
			sb.WriteString(color)
			sb.WriteString(line)
			sb.WriteString(colorReset)
		} else {
			sb.WriteString(line)
		}
		if nl {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// hunkCounts returns the old and new line counts of a hunk header
// "@@ -l[,s] +l[,s] @@"; a count left out is 1. A malformed header gives
// zero counts.
func hunkCounts(header string) (old, new int) {
	f := strings.Fields(header)
	if len(f) < 3 {
		return 0, 0
	}
	return rangeCount(f[1], "-"), rangeCount(f[2], "+")
}

// rangeCount returns the count of a hunk range such as "-4,2" or "+7".
func rangeCount(r, sign string) int {
	r, ok := strings.CutPrefix(r, sign)
	if !ok {
		return 0
	}
	_, count, found := strings.Cut(r, ",")
	if !found {
		return 1
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
