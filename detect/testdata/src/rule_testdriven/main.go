// A queue whose Push lends its lock to a waiting Take: it signals the
// waiter while holding q.mu and blocks until the waiter is done, so the
// waiter's delete without the lock still runs inside Push's critical
// section (go-datastructures' PriorityQueue does this). Only the test
// starts goroutines; main is sequential. A pair that only a test's
// goroutines witness, on a type that locks, gives possible.
//
// want none
// verified: go test -race reports no race (10 of 10 runs); go run -race
// reports no race
package main

import (
	"fmt"
	"sync"
)

type waiter struct {
	ready chan string
	done  sync.WaitGroup
}

type queue struct {
	mu      sync.Mutex
	items   []string
	seen    map[string]bool // items queued and not yet taken
	waiters []*waiter
}

func newQueue() *queue { return &queue{seen: map[string]bool{}} }

// Push queues item, or hands it to a waiting Take, which takes it while Push
// still holds the lock.
func (q *queue) Push(item string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.seen[item] {
		return
	}
	q.seen[item] = true
	if len(q.waiters) > 0 {
		w := q.waiters[0]
		q.waiters = q.waiters[1:]
		w.done.Add(1)
		w.ready <- item
		w.done.Wait()
		return
	}
	q.items = append(q.items, item)
}

// Take takes an item, waiting for one if the queue is empty.
func (q *queue) Take() string {
	forget := func(item string) { delete(q.seen, item) }
	q.mu.Lock()
	if len(q.items) == 0 {
		w := &waiter{ready: make(chan string, 1)}
		q.waiters = append(q.waiters, w)
		q.mu.Unlock()
		item := <-w.ready
		forget(item) // Push holds q.mu until done
		w.done.Done()
		return item
	}
	item := q.items[0]
	q.items = q.items[1:]
	forget(item)
	q.mu.Unlock()
	return item
}

func main() {
	q := newQueue()
	q.Push("a")
	q.Push("b")
	fmt.Println(q.Take(), q.Take())
}
