// A loop goroutine that fills a table and reports on it through a helper,
// which main also calls once the goroutine has ended (<-done). The
// helper's call inside the loop runs on the loop's own goroutine: only
// main's call is ordered against the loop, and it comes after the join.
// (The helper was reached through serve, which only the goroutine runs;
// before, that call counted as unordered.)
//
// want none
// verified: go run -race reports no race (10 of 10 runs)
package main

import "fmt"

type registry struct {
	services map[int]string
}

func (r *registry) serve(stop <-chan struct{}, in <-chan string) {
	for {
		select {
		case name := <-in:
			r.services[len(r.services)] = name
		case <-stop:
			return
		}
		r.report()
	}
}

// report counts the services.
func (r *registry) report() int {
	n := 0
	for range r.services {
		n++
	}
	return n
}

func main() {
	r := &registry{services: map[int]string{}}
	stop := make(chan struct{})
	done := make(chan struct{})
	in := make(chan string)
	go func() {
		r.serve(stop, in)
		close(done)
	}()
	for i := range 100 {
		in <- fmt.Sprint("svc", i)
	}
	close(stop)
	<-done
	fmt.Println(r.report())
}
