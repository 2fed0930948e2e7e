// A scheduler whose queue belongs to its event loop. Submit is started on
// goroutines with the job's step as an argument (go submit(s, q.grow)),
// but submit does not run the step: it wraps it in a closure it sends to
// the loop, which runs the steps one at a time.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type sched struct {
	eval chan func()
	done chan struct{}
}

func newSched() *sched {
	s := &sched{eval: make(chan func()), done: make(chan struct{})}
	go s.loop()
	return s
}

func (s *sched) loop() {
	for {
		select {
		case f := <-s.eval:
			f()
		case <-s.done:
			return
		}
	}
}

// submit hands step to the loop and waits for it to run.
func submit(s *sched, step func()) {
	ran := make(chan struct{})
	s.eval <- func() {
		step()
		close(ran)
	}
	<-ran
}

// submitAll submits step 200 times.
func submitAll(s *sched, step func(), wg *sync.WaitGroup) {
	defer wg.Done()
	for range 200 {
		submit(s, step)
	}
}

type queue struct{ sizes map[string]int }

// grow is a step: it runs on the loop.
func (q *queue) grow() { q.sizes["jobs"]++ }

func main() {
	s := newSched()
	q := &queue{sizes: map[string]int{}}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go submitAll(s, q.grow, &wg)
	}
	wg.Wait()
	var n int
	submit(s, func() { n = q.sizes["jobs"] })
	fmt.Println(n)
	close(s.done)
}
