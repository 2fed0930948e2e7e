package printing

import (
	"strings"
	"unicode/utf8"
)

// Verbs reads a printf format string and returns, for each argument after
// the format (0 is the first), the verbs that format it. It follows fmt's
// rules: flags, explicit argument indexes ([n], which also move the
// following verbs), and * widths and precisions, which take an argument of
// their own. A literal %% takes none.
func Verbs(format string) map[int][]Verb {
	out := make(map[int][]Verb)
	arg := 0
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		start := i
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		flags := format[start:i]
		good := true
		index := func() {
			var ok bool
			if arg, i, ok = argIndex(format, i, arg); !ok {
				good = false
			}
		}
		index()
		i, arg = widthOrPrecision(format, i, arg)
		if i < len(format) && format[i] == '.' {
			i++
			index()
			i, arg = widthOrPrecision(format, i, arg)
		}
		index()
		if i >= len(format) {
			break // a trailing %: fmt prints %!(NOVERB)
		}
		r, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if r == '%' {
			continue
		}
		if !good {
			continue // %!v(BADINDEX): no argument is printed or used up
		}
		out[arg] = append(out[arg], Verb{Rune: r, Flags: flags})
		arg++
	}
	return out
}

// argIndex reads an explicit argument index [n] at format[i:], if there
// is one, and returns the argument it names (0-based), where reading goes
// on, and whether the index was good. As in fmt, a bracket that does not
// close over a number from 1 up is a bad index.
func argIndex(format string, i, arg int) (int, int, bool) {
	if i >= len(format) || format[i] != '[' {
		return arg, i, true
	}
	end := strings.IndexByte(format[i:], ']')
	if end < 0 {
		return arg, i + 1, false
	}
	digits := format[i+1 : i+end]
	n := 0
	for _, c := range digits {
		if c < '0' || c > '9' {
			return arg, i + end + 1, false
		}
		n = n*10 + int(c-'0')
	}
	if n < 1 {
		return arg, i + end + 1, false
	}
	return n - 1, i + end + 1, true
}

// widthOrPrecision skips a width or precision: digits, or a * that takes
// an argument.
func widthOrPrecision(format string, i, arg int) (int, int) {
	if i < len(format) && format[i] == '*' {
		return i + 1, arg + 1
	}
	for i < len(format) && '0' <= format[i] && format[i] <= '9' {
		i++
	}
	return i, arg
}
