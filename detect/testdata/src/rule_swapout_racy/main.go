// The metrics batcher of rule_swapout without the swap: flush checks
// the pending map under b.mu but then ranges over b.pending itself with
// the lock released, racing with the Add goroutines that write it.
//
// want shared "corpus/src/rule_swapout_racy.batcher.pending"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
	empty := len(b.pending) == 0
	b.mu.Unlock()
	if empty {
		return
	}
	for name, n := range b.pending { // no swap: ranges the live map unlocked
		b.send(name, n)
	}
	b.mu.Lock()
	clear(b.pending)
	b.mu.Unlock()
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
