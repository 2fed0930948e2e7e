// The registry of rule_joinhelper, but main reports while the loop still
// runs, before it stops it: main's call of the helper ranges over the
// table while serve writes it.
//
// want shared "corpus/src/rule_joinhelper_racy.registry.services"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
		r.report()
	}
	close(stop)
	<-done
	fmt.Println(r.report())
}
