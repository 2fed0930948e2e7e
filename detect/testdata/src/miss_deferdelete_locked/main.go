// The waiter of miss_deferdelete with its lock: take holds w.mu, and the
// deferred delete runs before the deferred unlock (defers run last in,
// first out), so it is under the lock too.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type waiter struct {
	mu      sync.Mutex
	pending map[int]string
}

// take returns the reply for id and forgets it.
func (w *waiter) take(id int) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer delete(w.pending, id)
	return w.pending[id]
}

func main() {
	w := &waiter{pending: map[int]string{}}
	for id := range 2000 {
		w.pending[id] = fmt.Sprint("reply", id)
	}
	var wg sync.WaitGroup
	got := make([]int, 4)
	for g := range 4 {
		wg.Go(func() {
			for id := g; id < 2000; id += 4 {
				got[g] += len(w.take(id))
			}
		})
	}
	wg.Wait()
	fmt.Println(got[0]+got[1]+got[2]+got[3], len(w.pending))
}
