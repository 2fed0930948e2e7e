// A small expression interpreter: a worker goroutine is handed the
// interpreter and evaluates requests, each in a fresh frame whose locals
// map belongs to that call. main, after starting the worker, builds a
// frame of its own around the same interpreter (f := &frame{in: in, ...})
// and fills its locals: the frame holds the shared interpreter, but the
// frame and its map are main's. Both sides only read in.globals, which
// is filled before the worker starts.
//
// want none
// verified: go run -race reports no race (15 runs)
package main

import (
	"fmt"
	"strings"
)

type interp struct {
	globals map[string]int
}

// frame is one activation: its locals, and the interpreter it runs in.
type frame struct {
	in     *interp
	locals map[string]int
}

// lookup returns a local, or else a global, by name.
func (f *frame) lookup(name string) int {
	if v, ok := f.locals[name]; ok {
		return v
	}
	return f.in.globals[name]
}

// eval adds up the names of a "a + b + c" expression.
func (f *frame) eval(expr string) int {
	sum := 0
	for _, name := range strings.Split(expr, " + ") {
		sum += f.lookup(name)
	}
	return sum
}

// serve evaluates each request with x bound to its index.
func (in *interp) serve(reqs []string, out chan<- int) {
	total := 0
	for i, r := range reqs {
		f := &frame{in: in, locals: map[string]int{}}
		f.locals["x"] = i
		total += f.eval(r)
	}
	out <- total
}

func main() {
	in := &interp{globals: map[string]int{"limit": 10, "base": 3}}
	reqs := make([]string, 1000)
	for i := range reqs {
		reqs[i] = "x + base + limit"
	}
	out := make(chan int)
	go in.serve(reqs, out)

	f := &frame{in: in, locals: map[string]int{}}
	sum := 0
	for i := range 1000 {
		f.locals["y"] = i
		f.locals["x"] = i * 2
		sum += f.eval("x + y + base")
	}
	fmt.Println(sum, <-out)
}
