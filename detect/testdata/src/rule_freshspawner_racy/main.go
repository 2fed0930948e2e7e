// The frame writers of rule_freshspawner, but pipe, an in-memory
// transport, allocates one writer and starts both run loops on it: the
// client and server goroutines write the same pending map.
//
// want shared "corpus/src/rule_freshspawner_racy.loopy.pending"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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

// pipe connects a client and a server in memory, sharing one writer.
func pipe(done chan<- int) {
	l := &loopy{side: "pipe", pending: map[uint32][]byte{}}
	go l.run(1000, done) // client side
	go l.run(1000, done) // server side
}

func main() {
	done := make(chan int)
	pipe(done)
	fmt.Println(<-done + <-done)
}
