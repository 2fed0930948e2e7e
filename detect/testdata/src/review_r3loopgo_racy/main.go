// A probe config is copied per run; each run gets its own results map and
// starts one prober per target. Each prober is a value-receiver method, so
// it gets a copy of the config, but the copy holds the same results map.
//
// want shared "corpus/src/review_r3loopgo_racy.Probe.Results"
// verified: go run -race reports DATA RACE (a review case)
package main

import (
	"fmt"
	"sync"
)

type Probe struct {
	Name    string
	Results map[string]int
}

// check probes one target and reads back what was recorded for it.
func (p Probe) check(wg *sync.WaitGroup, target string) {
	defer wg.Done()
	if p.Results[target] < 0 {
		fmt.Println("bad", target)
	}
}

// Run probes every target on a copy of p with a fresh results map.
func (p Probe) Run(targets []string) map[string]int {
	p.Results = make(map[string]int)
	var wg sync.WaitGroup
	for i, t := range targets {
		p.Results[t] = i
		wg.Add(1)
		go p.check(&wg, t)
	}
	wg.Wait()
	return p.Results
}

func main() {
	var targets []string
	for i := range 2000 {
		targets = append(targets, fmt.Sprint("host", i))
	}
	res := Probe{Name: "ping"}.Run(targets)
	fmt.Println(len(res))
}
