// A helper takes the struct whose lock its callers hold: drop(b, id) is
// called with mset.batches.mu held, so the lock reaches it as its own
// parameter's mu, and every access of inflight holds it.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type batches struct {
	mu       sync.Mutex
	inflight map[string]int
}

type stream struct {
	batches *batches
}

// drop forgets a batch; the caller holds b.mu.
func drop(b *batches, id string) {
	delete(b.inflight, id)
}

func (s *stream) add(id string) {
	s.batches.mu.Lock()
	s.batches.inflight[id]++
	s.batches.mu.Unlock()
}

func (s *stream) expire(id string) {
	s.batches.mu.Lock()
	drop(s.batches, id)
	s.batches.mu.Unlock()
}

func main() {
	s := &stream{batches: &batches{inflight: map[string]int{}}}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 3000 {
				id := fmt.Sprint("b", (w+i)%16)
				if i%3 == 0 {
					s.expire(id)
				} else {
					s.add(id)
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(len(s.batches.inflight) <= 16)
}
