// The queue of rule_litafterwait, but Put wakes the waiting Get after it
// lets go of q.mu and does not wait for it: the woken Get's take runs
// with no lock while the next Put writes q.seen under q.mu.
//
// want shared "corpus/src/rule_litafterwait_unlent_racy.queue.seen"
// want suggestion "corpus/src/rule_litafterwait_unlent_racy.queue.seen" "hold q.mu (Lock) at src/rule_litafterwait_unlent_racy/main.go:66:2, as 2 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type waiter struct {
	ready chan struct{}
}

type queue struct {
	mu      sync.Mutex
	items   []int
	seen    map[int]bool
	waiters []*waiter
}

// Put adds v and wakes one waiting Get, after it lets go of the lock.
func (q *queue) Put(v int) {
	q.mu.Lock()
	if !q.seen[v] {
		q.seen[v] = true
		q.items = append(q.items, v)
	}
	var w *waiter
	if len(q.waiters) > 0 {
		w = q.waiters[0]
		q.waiters = q.waiters[1:]
	}
	q.mu.Unlock()
	if w != nil {
		w.ready <- struct{}{}
	}
}

// Get returns the oldest item, waiting for a Put when there is none.
func (q *queue) Get() int {
	take := func() int {
		if len(q.items) == 0 {
			return -1 // taken by a Get that did not wait
		}
		v := q.items[0]
		q.items = q.items[1:]
		delete(q.seen, v)
		return v
	}
	q.mu.Lock()
	if len(q.items) > 0 {
		v := take()
		q.mu.Unlock()
		return v
	}
	w := &waiter{ready: make(chan struct{})}
	q.waiters = append(q.waiters, w)
	q.mu.Unlock()

	<-w.ready
	return take()
}

func main() {
	q := &queue{seen: make(map[int]bool)}
	var wg sync.WaitGroup
	got := make(chan int, 2000)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				got <- q.Get()
			}
		}()
	}
	// Keep putting until every Get returned: a Get whose item another
	// took may wait for one more.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for i := 0; ; i++ {
		select {
		case <-done:
			close(got)
			n := 0
			for v := range got {
				if v >= 0 {
					n++
				}
			}
			fmt.Println(n)
			return
		default:
			q.Put(i)
		}
	}
}
