// A job queue guarded by the Locker of its sync.Cond: every access of
// pending holds q.cond.L, which is also what Wait releases and takes back.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type jobQueue struct {
	cond    *sync.Cond
	pending map[int]string
	closed  bool
}

func newJobQueue() *jobQueue {
	return &jobQueue{cond: sync.NewCond(&sync.Mutex{}), pending: map[int]string{}}
}

// Put queues a job and wakes a worker.
func (q *jobQueue) Put(id int, job string) {
	q.cond.L.Lock()
	q.pending[id] = job
	q.cond.L.Unlock()
	q.cond.Signal()
}

// Take waits for a job; ok is false once the queue is closed and drained.
func (q *jobQueue) Take() (id int, job string, ok bool) {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.pending) == 0 && !q.closed {
		q.cond.Wait()
	}
	for id, job := range q.pending {
		delete(q.pending, id)
		return id, job, true
	}
	return 0, "", false
}

// Close lets the workers stop once the queue is empty.
func (q *jobQueue) Close() {
	q.cond.L.Lock()
	q.closed = true
	q.cond.L.Unlock()
	q.cond.Broadcast()
}

func main() {
	q := newJobQueue()
	done := make([]int, 3)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for {
				if _, _, ok := q.Take(); !ok {
					return
				}
				done[w]++
			}
		})
	}
	for i := range 3000 {
		q.Put(i, fmt.Sprint("job", i))
	}
	q.Close()
	wg.Wait()
	fmt.Println(done[0] + done[1] + done[2])
}
