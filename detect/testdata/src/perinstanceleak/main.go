// Struct values made per goroutine that still share their maps: each
// worker makes its own tally but also registers it in a package list
// that a reporter ranges over unlocked (the value escapes); each worker's
// counter is made around one map that all of them share; and each
// worker's window is captured by a goroutine the worker starts.
//
// want shared "corpus/src/perinstanceleak.tally.seen"
// want shared "corpus/src/perinstanceleak.shared"
// want shared "corpus/src/perinstanceleak.window.counts"
// verified: go run -race reports DATA RACE on shared between workers, on
// window.counts between a worker and the goroutine it starts, and (in most
// runs: the reporter may finish before the workers register) on tally.seen
// between a worker and the reporter
package main

import (
	"fmt"
	"sync"
)

type tally struct {
	seen map[int]int
}

type counter struct {
	hits map[string]int
}

var (
	mu     sync.Mutex
	all    []*tally
	shared = map[string]int{}
)

func (t *tally) add(k int) { t.seen[k]++ }

func (c *counter) hit(k string) { c.hits[k]++ }

type window struct {
	counts map[int]int
}

func watch() {
	w := &window{counts: map[int]int{}}
	done := make(chan bool)
	go func() {
		for j := range 50 {
			w.counts[j%5]++
		}
		close(done)
	}()
	for j := range 50 {
		_ = w.counts[j%5]
	}
	<-done
}

func main() {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			t := &tally{seen: map[int]int{}}
			mu.Lock()
			all = append(all, t)
			mu.Unlock()
			c := &counter{hits: shared}
			for j := range 100 {
				t.add(j % 7)
				c.hit(fmt.Sprint(i, j%3))
			}
			watch()
		})
	}
	wg.Go(func() {
		for range 50 {
			mu.Lock()
			list := append([]*tally(nil), all...)
			mu.Unlock()
			n := 0
			for _, t := range list {
				for _, v := range t.seen {
					n += v
				}
			}
		}
	})
	wg.Wait()
}
