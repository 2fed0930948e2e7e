// A command dispatcher: init registers the handlers, and the serving
// goroutines only look them up. SetHandlerForTesting, a hook exported
// from the production code, replaces a handler; as its name says, only
// tests call it, and the test calls it before it starts serving. The
// registry is written at init and by the test, never beside the readers.
//
// want none
// verified: go run -race and go test -race report no race (15 runs each)
package main

import (
	"fmt"
	"strings"
	"sync"
)

// Handler answers one command's argument.
type Handler func(arg string) string

var handlers = map[string]Handler{}

// Register adds h under name; it is called from init.
func Register(name string, h Handler) {
	handlers[name] = h
}

// SetHandlerForTesting replaces the handler of name, for tests.
var SetHandlerForTesting = func(name string, h Handler) {
	handlers[name] = h
}

func init() {
	Register("echo", func(arg string) string { return arg })
	Register("upper", strings.ToUpper)
}

// dispatch runs "name arg" lines and counts the unknown commands.
func dispatch(lines []string) int {
	unknown := 0
	for _, l := range lines {
		name, arg, _ := strings.Cut(l, " ")
		h, ok := handlers[name]
		if !ok {
			unknown++
			continue
		}
		_ = h(arg)
	}
	return unknown
}

// serve dispatches lines on n goroutines.
func serve(n int, lines []string) int {
	unknown := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { unknown[i] = dispatch(lines) })
	}
	wg.Wait()
	total := 0
	for _, u := range unknown {
		total += u
	}
	return total
}

func commands() []string {
	lines := make([]string, 1000)
	verbs := []string{"echo hi", "upper go", "ping x"}
	for i := range lines {
		lines[i] = verbs[i%len(verbs)]
	}
	return lines
}

func main() {
	fmt.Println(serve(4, commands()))
}
