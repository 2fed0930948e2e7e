// A queue that lends its lock: Put holds q.mu while it wakes a waiting
// Get and waits for that Get to finish, so the Get works on the queue,
// through the local literal take, with the lock held on its behalf. A Get
// that finds items takes them under q.mu itself.
//
// want none
// known false "corpus/src/rule_litafterwait.queue.seen" "a lock lent to the goroutine a signal wakes is not modelled: what a receive waits for is not matched to its signaller, and three reviews hid 48 races behind rules that tried (go-datastructures' PriorityQueue)"
// verified: go run -race reports no race (10 runs)
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
		v := take()
		q.mu.Unlock()
		return v
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
