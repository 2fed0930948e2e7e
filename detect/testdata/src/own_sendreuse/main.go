// An aggregator that counts events per key and hands its counts to a
// writer goroutine every hundred events. The counts map goes with the
// send: the aggregator starts a new one, and only the writer touches the
// old one from then on.
//
// want none
// verified: go run -race reports no race (10 runs)
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
	a.pending = make(map[string]int)
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
