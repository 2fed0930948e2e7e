// The batches of rule_pathlock with one lock forgotten: expire calls drop
// without s.batches.mu, racing with add on the same map.
//
// want shared "corpus/src/rule_pathlock_racy.batches.inflight"
// known suggestion "corpus/src/rule_pathlock_racy.batches.inflight" "names b.batches.mu at the delete in drop: the lock text follows the caller's path, and the fix belongs at the call in expire"
// verified: go run -race reports DATA RACE (3 of 3 runs)
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
	drop(s.batches, id) // forgot s.batches.mu
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
