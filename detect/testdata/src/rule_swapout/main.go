// A metrics batcher that swaps its pending map out under its lock: flush
// takes b.pending and puts a fresh map in its place while holding b.mu,
// then ranges over the old map with the lock released. No one else can
// reach the old map any more, so the range needs no lock, while the
// recording goroutines keep adding to the new one under b.mu.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

type batcher struct {
	mu      sync.Mutex
	pending map[string]int
	sent    int
	lines   []string
}

// Add counts n more events for metric name.
func (b *batcher) Add(name string, n int) {
	b.mu.Lock()
	b.pending[name] += n
	b.mu.Unlock()
}

// flush sends the pending counts and starts a new batch.
func (b *batcher) flush() {
	b.mu.Lock()
	old := b.pending
	b.pending = make(map[string]int)
	b.mu.Unlock()
	for name, n := range old {
		b.send(name, n)
	}
}

// send stands in for the network write; only the flushing goroutine
// calls it.
func (b *batcher) send(name string, n int) {
	b.lines = append(b.lines, fmt.Sprintf("%s:%d|c", name, n))
	b.sent += n
}

func main() {
	b := &batcher{pending: map[string]int{}}
	var wg sync.WaitGroup
	stop, flushed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(flushed)
		tick := time.NewTicker(20 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				b.flush()
			case <-stop:
				b.flush()
				return
			}
		}
	}()
	for i := range 3 {
		wg.Go(func() {
			for j := range 30000 {
				b.Add(fmt.Sprint("req.", (i+j)%64), 1)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-flushed
	fmt.Println(b.sent)
}
