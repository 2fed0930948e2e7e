// A deferred builtin in goroutines: main fills the pending replies before
// it starts the waiters, and each waiter takes its reply with a read and
// a deferred delete(w.pending, id). The deletes of different waiters run
// at the same time with no lock.
//
// want shared "corpus/src/miss_deferdelete.waiter.pending"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type waiter struct {
	pending map[int]string
}

// take returns the reply for id and forgets it.
func (w *waiter) take(id int) string {
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
