// The interpreter of rule_viafield, but main's frame assigns a global:
// f.in.globals is the interpreter's map that the worker goroutine reads
// through its own frames, and main writes it, through the field of its
// frame, while the worker runs.
//
// want shared "corpus/src/rule_viafield_racy.interp.globals"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
		f.in.globals["base"] = i % 5 // a global, set while serve reads it
		sum += f.eval("x + y + base")
	}
	fmt.Println(sum, <-out)
}
