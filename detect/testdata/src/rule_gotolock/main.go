// A message dispatcher's consumer loop, in the style of a server's
// deliver loop: it takes s.mu, and when the queue is empty it jumps to
// waitForMsgs with the lock still held, where it totals the delivered
// counts and only then unlocks. The delivering path unlocks and continues
// before the label, so the label is reached only with s.mu held.
//
// want none
// verified: go run -race reports no race (15 runs)
package main

import (
	"fmt"
	"sync"
)

type dispatcher struct {
	mu        sync.Mutex
	queue     []string
	delivered map[string]int // subject -> messages delivered
	signal    chan struct{}
}

// Push queues a message and wakes a consumer.
func (s *dispatcher) Push(subject string) {
	s.mu.Lock()
	s.queue = append(s.queue, subject)
	s.mu.Unlock()
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// consume delivers messages until stop is closed; it returns how many
// messages had been delivered the last time it went idle.
func (s *dispatcher) consume(stop <-chan struct{}) int {
	var subject string
	seen := 0
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			goto waitForMsgs
		}
		subject, s.queue = s.queue[0], s.queue[1:]
		s.delivered[subject]++
		s.mu.Unlock()
		continue

	waitForMsgs:
		seen = 0
		for _, n := range s.delivered {
			seen += n
		}
		s.mu.Unlock()
		select {
		case <-stop:
			return seen
		case <-s.signal:
		}
	}
}

func main() {
	s := &dispatcher{delivered: map[string]int{}, signal: make(chan struct{}, 1)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	seen := make([]int, 2)
	for i := range seen {
		wg.Go(func() { seen[i] = s.consume(stop) })
	}
	subjects := []string{"orders.new", "orders.paid", "flush"}
	for i := range 1000 {
		s.Push(subjects[i%len(subjects)])
	}
	close(stop)
	wg.Wait()
	fmt.Println(seen[0] >= 0 && seen[1] >= 0)
}
