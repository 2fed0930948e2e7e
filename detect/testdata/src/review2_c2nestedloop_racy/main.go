// A prober records each target's batch number, then hands the batch to a
// checker goroutine. The checker is started after the inner loop, in the
// outer one: the next batch's writes run beside the previous checker's
// reads of the same map (p is copied by the value receiver, the map is not).
//
// want shared "corpus/src/review2_c2nestedloop_racy.Probe.Results"
// verified: go run -race reports DATA RACE (a second review's case)
package main

import (
	"fmt"
	"sync"
)

type Probe struct {
	Name    string
	Results map[string]int
}

func (p Probe) check(wg *sync.WaitGroup, batch []string) {
	defer wg.Done()
	for _, t := range batch {
		if p.Results[t] < 0 {
			fmt.Println("bad", t)
		}
	}
}

func (p Probe) Run(batches [][]string) map[string]int {
	p.Results = make(map[string]int)
	var wg sync.WaitGroup
	for i, batch := range batches {
		for _, t := range batch {
			p.Results[t] = i
		}
		wg.Add(1)
		go p.check(&wg, batch)
	}
	wg.Wait()
	return p.Results
}

func main() {
	var batches [][]string
	for i := range 50 {
		var b []string
		for j := range 40 {
			b = append(b, fmt.Sprint("host", i, "-", j))
		}
		batches = append(batches, b)
	}
	res := Probe{Name: "p"}.Run(batches)
	fmt.Println(len(res))
}
