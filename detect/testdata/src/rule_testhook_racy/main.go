// The dispatcher of rule_testhook, but the hook is SetHandler, called at
// run time: an admin goroutine installs ping handlers while the serving
// goroutines look handlers up. Nothing says only tests write the registry.
//
// want shared "corpus/src/rule_testhook_racy.handlers"
// known miss "corpus/src/rule_testhook_racy.handlers" "found only at possible confidence: the call SetHandler(...) through the package-level function variable is not resolved to the literal stored in it, so its write runs on no goroutine (main's context) and the pair with the dispatch reads is not witnessed; declared as func SetHandler the case is certain"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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

// SetHandler replaces the handler of name.
var SetHandler = func(name string, h Handler) {
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

func commands() []string {
	lines := make([]string, 1000)
	verbs := []string{"echo hi", "upper go", "ping x"}
	for i := range lines {
		lines[i] = verbs[i%len(verbs)]
	}
	return lines
}

func main() {
	lines := commands()
	unknown := make([]int, 4)
	var wg sync.WaitGroup
	for i := range unknown {
		wg.Go(func() { unknown[i] = dispatch(lines) })
	}
	wg.Go(func() { // the admin endpoint
		for i := range 1000 {
			reply := fmt.Sprint("pong ", i)
			SetHandler("ping", func(string) string { return reply })
		}
	})
	wg.Wait()
	fmt.Println(unknown)
}
