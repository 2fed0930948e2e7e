// A windowed counter: at the end of each window it hands the window's
// counts to the reporter, starts a fresh map (reset), and stamps the new
// window. Only the fresh map is written after the send.
//
// want none
// verified: go run -race reports no race (5 runs; a second review's case)
package main

import (
	"fmt"
	"sync"
)

type window struct {
	counts map[string]int
	id     int
	out    chan<- map[string]int
}

func (w *window) reset() {
	w.counts = make(map[string]int)
	w.id++
}

func (w *window) rotate() {
	w.out <- w.counts
	w.reset()
	w.counts["_window"] = w.id
}

func (w *window) add(k string) {
	w.counts[k]++
	if len(w.counts) > 8 {
		w.rotate()
	}
}

func report(in <-chan map[string]int, wg *sync.WaitGroup) {
	defer wg.Done()
	total := 0
	for counts := range in {
		for k, n := range counts {
			if k != "_window" {
				total += n
			}
		}
	}
	fmt.Println("total", total)
}

func main() {
	ch := make(chan map[string]int, 4)
	var wg sync.WaitGroup
	wg.Add(1)
	go report(ch, &wg)
	w := &window{counts: map[string]int{}, out: ch}
	for i := range 20000 {
		w.add(fmt.Sprint("k", i%13))
	}
	close(ch)
	wg.Wait()
}
