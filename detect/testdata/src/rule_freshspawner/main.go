// A transport's client and server sides each allocate their own frame
// writer (&loopy{pending: map...}) and start its run loop on a goroutine.
// Both goroutines write pending, but each on the writer its own starter
// allocated: two objects, never one map.
//
// want none
// verified: go run -race reports no race (15 runs)
package main

import "fmt"

// loopy batches the frames of each stream until they are flushed.
type loopy struct {
	side    string
	pending map[uint32][]byte // stream ID -> queued bytes
}

// run queues frames and flushes every eighth stream, n times, then
// reports how many bytes it flushed.
func (l *loopy) run(n int, done chan<- int) {
	flushed := 0
	for i := range n {
		id := uint32(i % 16)
		l.pending[id] = append(l.pending[id], byte(i))
		if id%8 == 7 {
			flushed += len(l.pending[id])
			delete(l.pending, id)
		}
	}
	done <- flushed
}

func dial(done chan<- int) {
	l := &loopy{side: "client", pending: map[uint32][]byte{}}
	go l.run(1000, done)
}

func accept(done chan<- int) {
	l := &loopy{side: "server", pending: map[uint32][]byte{}}
	go l.run(1000, done)
}

func main() {
	done := make(chan int)
	dial(done)
	accept(done)
	fmt.Println(<-done + <-done)
}
