package diff

import "bytes"

// splitLines splits b into lines, each keeping its trailing '\n'; the last
// line lacks one when b does not end in a newline. An empty b has no lines.
func splitLines(b []byte) [][]byte {
	if len(b) == 0 {
		return nil
	}
	lines := make([][]byte, 0, bytes.Count(b, []byte{'\n'})+1)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, b)
			break
		}
		lines = append(lines, b[:i+1])
		b = b[i+1:]
	}
	return lines
}

// classify maps every line of a and b to an equivalence class number: two
// lines get the same number exactly when their bytes are equal (a final line
// without '\n' therefore differs from the same text with one).
func classify(a, b [][]byte) (ca, cb []int) {
	ids := make(map[string]int, len(a)+len(b))
	number := func(lines [][]byte) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[string(l)]
			if !ok {
				id = len(ids)
				ids[string(l)] = id
			}
			out[i] = id
		}
		return out
	}
	return number(a), number(b)
}
