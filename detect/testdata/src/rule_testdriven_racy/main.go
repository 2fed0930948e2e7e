// The queue of rule_testdriven with a Has that reads the set without the
// lock, and main itself starts a goroutine that asks while items are put:
// a pair that production code witnesses keeps its level, whatever the
// type's locks.
//
// want shared "corpus/src/rule_testdriven_racy.queue.seen"
// want suggestion "corpus/src/rule_testdriven_racy.queue.seen" "hold q.mu (Lock) at src/rule_testdriven_racy/main.go:71:9, as 3 other accesses do"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	q.mu.Lock()
	if len(q.items) == 0 {
		w := &waiter{ready: make(chan string, 1)}
		q.waiters = append(q.waiters, w)
		q.mu.Unlock()
		item := <-w.ready
		delete(q.seen, item) // Push holds q.mu until done
		w.done.Done()
		return item
	}
	item := q.items[0]
	q.items = q.items[1:]
	delete(q.seen, item)
	q.mu.Unlock()
	return item
}

// Has reports whether item is queued. It forgets the lock.
func (q *queue) Has(item string) bool {
	return q.seen[item]
}

func main() {
	q := newQueue()
	done := make(chan bool)
	go func() {
		n := 0
		for i := range 2000 {
			if q.Has(fmt.Sprint("item", i)) {
				n++
			}
		}
		done <- n >= 0
	}()
	for i := range 2000 {
		q.Push(fmt.Sprint("item", i))
	}
	<-done
	for range 2000 {
		q.Take()
	}
	fmt.Println("done")
}
