package racelog

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// "Write at 0x00c000012345 by goroutine 7:", "Previous read at ... by
	// main goroutine:", "Atomic write at ...": the access lines of the
	// race detector (compiler-rt's tsan, Go flavour).
	accessRE = regexp.MustCompile(`^(?:Previous )?(?:[Aa]tomic )?([Rr]ead|[Ww]rite) at \S+ by (?:main goroutine|goroutine (\d+)):$`)
	// "Goroutine 7 (running) created at:" starts a creation stack, which
	// says where the goroutine was started, not where it touched the map.
	createdRE = regexp.MustCompile(`^Goroutine \d+ \([^)]*\) created at:$`)
	// "goroutine 7 [running]:", and under GOTRACEBACK=system
	// "goroutine 7 gp=0x... m=3 mp=0x... [running]:".
	goroutineRE = regexp.MustCompile(`^goroutine (\d+) (?:.* )?\[[^\]]*\]:$`)
	// The file line under a function line: "\t/path/f.go:12 +0x1d",
	// "      /path/f.go:12 +0x1d", "\t/path/f.go:12" for an inlined call,
	// "\t/path/f.go:12 +0x1d fp=0x... sp=0x... pc=0x..." under
	// GOTRACEBACK=system. The lazy path stops at the first ":digits"
	// that ends the path, so "C:/x/f.go:12" keeps its drive letter.
	fileRE = regexp.MustCompile(`^\s+(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?(?: .*)?$`)
)

type state int

const (
	top        state = iota // between reports
	inRace                  // inside a WARNING: DATA RACE report
	crashHead               // after "fatal error: concurrent map ...", before "goroutine N"
	crashStack              // in the stack of the goroutine that crashed
)

// parser is a line-driven state machine over one stream of output.
type parser struct {
	log   *Log
	roots map[string]bool // GOROOT/src/ directories seen in file lines

	st  state
	rep Report
	// acc is the index in rep.Accesses of the access whose stack is being
	// read, or -1 while reading lines that belong to no access (a creation
	// stack, the frames after "created by").
	acc int
	// writes[i] records whether rep.Accesses[i] is a write by the race
	// detector's account ("Write at").
	writes []bool
	// fn is the function line waiting for its file line; "" when none.
	fn string
}

func (p *parser) line(ln logLine) {
	text := ln.text
	if strings.TrimSpace(text) != "" {
		p.log.blank = false
	}
	switch p.st {
	case inRace:
		p.raceLine(ln)
	case crashHead:
		p.crashHeadLine(ln)
	case crashStack:
		p.crashStackLine(ln)
	default:
		p.topLine(ln)
	}
}

// flush ends the report being read at the end of a stream.
func (p *parser) flush() {
	switch p.st {
	case inRace:
		p.endRace()
	case crashHead, crashStack:
		p.endCrash()
	}
}

func (p *parser) topLine(ln logLine) {
	if isRaceStart(ln.text) {
		p.startRace(ln)
	} else if msg, ok := crashMessage(ln.text); ok {
		p.startCrash(ln, msg)
	}
}

func isRaceStart(text string) bool {
	// A suffix match, not an exact one: a test's output may lack its
	// final newline and run into the report.
	return strings.HasSuffix(text, "WARNING: DATA RACE")
}

// crashMessage returns the message of a "fatal error: concurrent map ..."
// line, also where other output without a newline runs into it.
func crashMessage(text string) (string, bool) {
	const prefix = "fatal error: "
	i := strings.Index(text, prefix)
	if i < 0 {
		return "", false
	}
	msg := strings.TrimSpace(text[i+len(prefix):])
	// Besides the four "concurrent map ... " messages, Go 1.24+ can say
	// "small map with no empty slot (concurrent map writes?)".
	if !strings.Contains(msg, "concurrent map") {
		return "", false
	}
	return msg, true
}

func (p *parser) startRace(ln logLine) {
	p.log.Races++
	p.st = inRace
	p.rep = Report{Kind: DataRace, Message: "data race", Line: ln.no}
	p.acc = -1
	p.writes = p.writes[:0]
	p.fn = ""
}

func (p *parser) raceLine(ln logLine) {
	text := ln.text
	switch {
	case isSeparator(text):
		p.endRace()
	case isRaceStart(text):
		p.endRace()
		p.startRace(ln)
	case strings.Contains(text, "fatal error: "):
		if msg, ok := crashMessage(text); ok {
			p.endRace()
			p.startCrash(ln, msg)
		}
	case strings.TrimSpace(text) == "":
		p.fn = ""
	default:
		if m := accessRE.FindStringSubmatch(text); m != nil {
			g := 1 // "by main goroutine"
			if m[2] != "" {
				g, _ = strconv.Atoi(m[2])
			}
			p.rep.Accesses = append(p.rep.Accesses, Access{Goroutine: g})
			p.writes = append(p.writes, strings.EqualFold(m[1], "write"))
			p.acc = len(p.rep.Accesses) - 1
			p.fn = ""
			return
		}
		if createdRE.MatchString(text) {
			p.acc = -1
			p.fn = ""
			return
		}
		// Anything else is a frame line or output of the program that
		// ran into the report; frameLine ignores the latter.
		p.frameLine(text)
	}
}

func isSeparator(text string) bool {
	t := strings.TrimSpace(text)
	return len(t) >= 10 && strings.Trim(t, "=") == ""
}

// endRace keeps the report if it is a map race (see the package doc) and
// works out the ops of its accesses.
func (p *parser) endRace() {
	p.st = top
	rep := p.rep
	var kept []Access
	onMap, plainWrite := false, false
	for i, a := range rep.Accesses {
		if len(a.Stack) == 0 {
			// "[failed to restore the stack]", or the log ends here:
			// nothing to learn from this access.
			continue
		}
		a.Op = stackOp(a.Stack)
		switch {
		case a.Op != "":
			onMap = true
		case p.writes[i]:
			a.Op, plainWrite = OpWrite, true
		default:
			a.Op = OpRead // an inline read of the header, as len(m)
		}
		kept = append(kept, a)
	}
	rep.Accesses = kept
	switch {
	case !onMap:
		// Plain memory: a variable, or the value slot of a map entry.
		p.log.Unattributed = append(p.log.Unattributed, rep)
	case plainWrite:
		// User code never writes a map header; this race is on other
		// memory (a key passed to the runtime by address).
	default:
		p.log.Reports = append(p.log.Reports, rep)
	}
}

func (p *parser) startCrash(ln logLine, msg string) {
	p.log.Crashes++
	p.st = crashHead
	p.rep = Report{Kind: Crash, Message: msg, Line: ln.no}
	p.acc = -1
	p.fn = ""
}

func (p *parser) crashHeadLine(ln logLine) {
	text := ln.text
	if strings.TrimSpace(text) == "" {
		return
	}
	if _, ok := crashMessage(text); ok {
		// Two threads can both fail the check and print their messages
		// before one of them dumps its goroutine: one crash, one dump.
		return
	}
	if m := goroutineRE.FindStringSubmatch(text); m != nil {
		g, _ := strconv.Atoi(m[1])
		p.rep.Accesses = []Access{{Goroutine: g}}
		p.acc = 0
		p.st = crashStack
		return
	}
	// No stack follows (a truncated log): keep the report without one.
	p.endCrash()
	p.line(ln)
}

func (p *parser) crashStackLine(ln logLine) {
	text := ln.text
	switch {
	case strings.HasPrefix(text, "created by "):
		// The creator's frame follows; it is not part of this stack.
		p.acc = -1
		p.fn = ""
	case strings.HasPrefix(text, "...") && strings.HasSuffix(text, "..."):
		// "...additional frames elided..." and the like.
	case isFuncLine(text) || fileRE.MatchString(text):
		p.frameLine(text)
	default:
		// The stack ends at a blank line, at the next goroutine or at
		// whatever go test prints next (FAIL lines).
		p.endCrash()
		p.line(ln)
	}
}

func (p *parser) endCrash() {
	p.st = top
	rep := p.rep
	if len(rep.Accesses) > 0 {
		a := &rep.Accesses[0]
		a.Op = stackOp(a.Stack)
		if a.Op == "" {
			a.Op = messageOp(rep.Message)
		}
	}
	p.log.Reports = append(p.log.Reports, rep)
}

// frameLine reads a function line or the file line that follows it,
// adding a frame to the current access once both are in. Lines that are
// neither are ignored.
func (p *parser) frameLine(text string) {
	if isFuncLine(text) {
		p.fn = funcName(strings.TrimSpace(text))
		return
	}
	m := fileRE.FindStringSubmatch(text)
	if m == nil || p.fn == "" {
		return
	}
	line, err := strconv.Atoi(m[2])
	if err != nil {
		return
	}
	f := Frame{Func: p.fn, File: m[1], Line: line}
	p.fn = ""
	if root, ok := goroot(f); ok {
		p.roots[root] = true
	}
	if p.acc >= 0 {
		a := &p.rep.Accesses[p.acc]
		a.Stack = append(a.Stack, f)
	}
}

// isFuncLine reports whether text is the function line of a frame:
// "main.f(...)" in a crash dump, "  main.f()" in a race report. The
// function name has no spaces, except inside the type arguments of a
// generic function's instance.
func isFuncLine(text string) bool {
	t := strings.TrimSpace(text)
	if !strings.HasSuffix(t, ")") || strings.HasPrefix(t, "(") {
		return false
	}
	name := funcName(t)
	if name == t || name == "" {
		return false
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return !strings.ContainsAny(name, " \t:") && strings.Contains(name, ".")
}

// funcName strips the argument list from a function line: the last
// parenthesised group, as arguments never hold parentheses ("(...)",
// "({0x4c8aa4?, 0x0?})", "()").
func funcName(t string) string {
	if i := strings.LastIndexByte(t, '('); i >= 0 && strings.HasSuffix(t, ")") {
		return t[:i]
	}
	return t
}
