// The agent runs every change to its candidates as a task on its own task
// loop: Run wraps the function in a task, sends it to the loop goroutine
// and waits until the loop has run it. Callers on many goroutines hand
// their closures to Run, but only the loop goroutine ever runs them.
//
// want none
// verified: go run -race reports no race (10 runs)
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

// Run executes f on the loop and returns when it has run.
func (l *loop) Run(f func()) {
	done := make(chan struct{})
	l.tasks <- task{fn: f, done: done}
	<-done
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
