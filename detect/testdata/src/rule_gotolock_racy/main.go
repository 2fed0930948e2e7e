// The dispatcher of rule_gotolock, with flush messages: after delivering
// one, the consumer unlocks and falls through to waitForMsgs, which it
// now reaches without s.mu (held says whether to unlock). Its range over
// delivered then races with the other consumer's writes.
//
// want shared "corpus/src/rule_gotolock_racy.dispatcher.delivered"
// verified: go run -race reports DATA RACE (10 of 10 runs)
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
		held := true
		s.mu.Lock()
		if len(s.queue) == 0 {
			goto waitForMsgs
		}
		subject, s.queue = s.queue[0], s.queue[1:]
		s.delivered[subject]++
		s.mu.Unlock()
		held = false
		if subject != "flush" {
			continue
		}
		// a flush waits for new messages, as an empty queue does

	waitForMsgs:
		seen = 0
		for _, n := range s.delivered {
			seen += n
		}
		if held {
			s.mu.Unlock()
		}
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
