// The dispatcher of miss_godelete with its lock: the background deletes
// and clears run on their own goroutines as before, but each holds d.mu,
// as the loop does while it adds entries.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type dispatcher struct {
	mu      sync.Mutex
	pending map[int]string
	window  int
}

func (d *dispatcher) run(n int) int {
	var wg sync.WaitGroup
	sent := 0
	for id := range n {
		d.mu.Lock()
		d.pending[id] = fmt.Sprint("req", id)
		d.mu.Unlock()
		sent++
		if id >= d.window {
			wg.Go(func() {
				d.mu.Lock()
				delete(d.pending, id-d.window)
				d.mu.Unlock()
			})
		}
		if id%1000 == 999 {
			wg.Go(func() {
				d.mu.Lock()
				clear(d.pending)
				d.mu.Unlock()
			})
		}
	}
	wg.Wait()
	return sent
}

func main() {
	d := &dispatcher{pending: map[int]string{}, window: 16}
	fmt.Println(d.run(3000))
}
