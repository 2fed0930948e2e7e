// The agent of rule_taskloop, but Run runs the function itself, on the
// caller's goroutine, when the loop is busy: callers on many goroutines
// then change the candidates at once.
//
// want shared "corpus/src/rule_taskloop_racy.agent.candidates"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type task struct {
	fn   func()
	done chan struct{}
}

type loop struct{ tasks chan task }

func newLoop() *loop {
	l := &loop{tasks: make(chan task)}
	go l.run()
	return l
}

// run executes the submitted tasks one at a time.
func (l *loop) run() {
	for t := range l.tasks {
		t.fn()
		close(t.done)
	}
}

// Run executes f on the loop, or on the caller's goroutine when the loop
// is busy, and returns when it has run.
func (l *loop) Run(f func()) {
	done := make(chan struct{})
	select {
	case l.tasks <- task{fn: f, done: done}:
		<-done
	default:
		f()
	}
}

type agent struct {
	loop       *loop
	candidates map[string]int
}

func (a *agent) addCandidate(name string) {
	go func() {
		a.loop.Run(func() { a.candidates[name]++ })
	}()
}

func (a *agent) count() int {
	n := 0
	a.loop.Run(func() {
		for _, c := range a.candidates {
			n += c
		}
	})
	return n
}

func main() {
	a := &agent{loop: newLoop(), candidates: make(map[string]int)}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				a.addCandidate(fmt.Sprint("c", (i+j)%5))
				_ = a.count()
			}
		})
	}
	wg.Wait()
	fmt.Println(a.count() >= 0)
}
