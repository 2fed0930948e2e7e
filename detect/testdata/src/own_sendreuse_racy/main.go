// The aggregator of own_sendreuse, but it clears the map it has just
// sent to reuse it: the writer ranges over that same map while the
// aggregator clears it and counts into it again.
//
// want shared "corpus/src/own_sendreuse_racy.aggregator.pending"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sort"
)

type aggregator struct {
	pending map[string]int
	n       int
	out     chan map[string]int
}

func (a *aggregator) add(key string) {
	a.pending[key]++
	a.n++
	if a.n == 100 {
		a.flush()
	}
}

func (a *aggregator) flush() {
	a.out <- a.pending
	clear(a.pending) // reuse the map: but the writer is still reading it
	a.n = 0
}

type writer struct {
	totals map[string]int
	done   chan struct{}
}

func (w *writer) run(in <-chan map[string]int) {
	for counts := range in {
		for k, n := range counts {
			w.totals[k] += n
		}
	}
	close(w.done)
}

func main() {
	ch := make(chan map[string]int, 2)
	w := &writer{totals: make(map[string]int), done: make(chan struct{})}
	go w.run(ch)
	a := &aggregator{pending: make(map[string]int), out: ch}
	for i := range 5000 {
		a.add(fmt.Sprint("k", i%7))
	}
	close(ch)
	<-w.done
	keys := make([]string, 0, len(w.totals))
	for k := range w.totals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, w.totals[k])
	}
}
