package racelog

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// logLine is one line of output, without its line end, and the line of
// the file it came from.
type logLine struct {
	text string
	no   int
}

// testEvent is the part of a go test -json (test2json) event that
// matters here.
type testEvent struct {
	Action  string
	Package string
	Output  *string
}

// readStreams splits r into lines. Plain text is one stream. The output
// events of go test -json are put back together into one stream per
// package, in the order the packages first print: go test runs packages
// in parallel, so their events interleave, while each package's output is
// one process's stdout and stderr in order. Lines that are not events
// (go build errors printed with 2>&1, say) form a stream of their own.
func readStreams(r io.Reader) ([][]logLine, error) {
	type stream struct {
		lines   []logLine
		partial strings.Builder // output not yet ended by a newline
		from    int             // file line where partial began
	}
	var order []*stream
	byPkg := map[string]*stream{}
	var plain *stream
	get := func(pkg string) *stream {
		if s := byPkg[pkg]; s != nil {
			return s
		}
		s := &stream{}
		byPkg[pkg] = s
		order = append(order, s)
		return s
	}

	br := bufio.NewReader(r)
	for no := 1; ; no++ {
		text, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if text == "" && err != nil {
			break
		}
		text = strings.TrimSuffix(text, "\n")
		text = strings.TrimSuffix(text, "\r")

		if ev, ok := parseEvent(text); ok {
			if ev.Action != "output" || ev.Output == nil {
				continue
			}
			s := get("\x00" + ev.Package) // keep apart from the plain stream's key
			out := *ev.Output
			for out != "" {
				if s.partial.Len() == 0 {
					s.from = no
				}
				i := strings.IndexByte(out, '\n')
				if i < 0 {
					s.partial.WriteString(out)
					break
				}
				s.partial.WriteString(out[:i])
				s.lines = append(s.lines, logLine{strings.TrimSuffix(s.partial.String(), "\r"), s.from})
				s.partial.Reset()
				out = out[i+1:]
			}
		} else {
			if plain == nil {
				plain = get("")
			}
			plain.lines = append(plain.lines, logLine{text, no})
		}
		if err != nil {
			break
		}
	}

	streams := make([][]logLine, 0, len(order))
	for _, s := range order {
		if s.partial.Len() > 0 {
			s.lines = append(s.lines, logLine{strings.TrimSuffix(s.partial.String(), "\r"), s.from})
		}
		streams = append(streams, s.lines)
	}
	return streams, nil
}

// parseEvent decodes a line of go test -json output. Lines that do not
// look like one are not decoded at all, which keeps plain logs cheap.
func parseEvent(text string) (testEvent, bool) {
	var ev testEvent
	if !strings.HasPrefix(text, `{"`) || !strings.HasSuffix(text, "}") {
		return ev, false
	}
	if json.Unmarshal([]byte(text), &ev) != nil || ev.Action == "" {
		return ev, false
	}
	return ev, true
}
