// Package w wraps fmt: its functions print their arguments, which the
// analyzer exports as facts so that importers' prints through them are
// reads of what they print.
package w

import (
	"fmt"
	"io"
)

// Logf prints like fmt.Printf.
func Logf(format string, args ...any) { // want Logf:"prints like Printf \\(format 0\\)"
	fmt.Fprintf(io.Discard, format, args...)
}

// Note prints like fmt.Println, through Logln.
func Note(args ...any) { // want Note:"prints like Print \\(from argument 0\\)"
	Logln(args...)
}

// Logln prints like fmt.Println.
func Logln(args ...any) { // want Logln:"prints like Print \\(from argument 0\\)"
	fmt.Fprintln(io.Discard, args...)
}
