// The queue of rule_litafterwait, but Get's fast path lets go of q.mu
// before it calls take: that call follows no wait and holds no lock, so
// it races with Put, which writes q.seen under q.mu. (The call after the
// wait still runs on the lock Put lends.)
//
// want shared "corpus/src/rule_litafterwait_racy.queue.seen"
// known suggestion "corpus/src/rule_litafterwait_racy.queue.seen" "holding q.mu in take would deadlock its call after the wait, made while Put holds q.mu for it; the fix is to call take before Unlock on the fast path"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type waiter struct {
	ready chan struct{}
	done  sync.WaitGroup
}

type queue struct {
	mu      sync.Mutex
	items   []int
	seen    map[int]bool
	waiters []*waiter
}

// Put adds v and hands the queue to each waiting Get in turn.
func (q *queue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.seen[v] {
		q.seen[v] = true
		q.items = append(q.items, v)
	}
	for len(q.waiters) > 0 && len(q.items) > 0 {
		w := q.waiters[0]
		q.waiters = q.waiters[1:]
		w.done.Add(1)
		w.ready <- struct{}{}
		w.done.Wait()
	}
}

// Get returns the oldest item, waiting for a Put when there is none.
func (q *queue) Get() int {
	take := func() int {
		v := q.items[0]
		q.items = q.items[1:]
		delete(q.seen, v)
		return v
	}
	q.mu.Lock()
	if len(q.items) > 0 {
		q.mu.Unlock()
		return take()
	}
	w := &waiter{ready: make(chan struct{})}
	q.waiters = append(q.waiters, w)
	q.mu.Unlock()

	<-w.ready
	v := take()
	w.done.Done()
	return v
}

func main() {
	q := &queue{seen: make(map[int]bool)}
	var wg sync.WaitGroup
	got := make(chan int, 100)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				got <- q.Get()
			}
		}()
	}
	for i := range 100 {
		q.Put(i)
	}
	wg.Wait()
	close(got)
	sum := 0
	for v := range got {
		sum += v
	}
	fmt.Println(sum)
}
