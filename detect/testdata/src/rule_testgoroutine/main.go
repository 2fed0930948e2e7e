// A latency sampler whose run loop counts samples under s.mu. Its test
// starts run on one sampler and reads the counts map of another, idle
// sampler directly: the idle sampler's map is never touched by a
// goroutine, so the test's unlocked reads race with nothing.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"fmt"
	"sync"
	"time"
)

type sampler struct {
	mu     sync.Mutex
	counts map[string]int // latency bucket -> samples
	stop   chan struct{}
	done   chan struct{}
}

func newSampler() *sampler {
	return &sampler{counts: map[string]int{}, stop: make(chan struct{}), done: make(chan struct{})}
}

// run records samples until Stop is called.
func (s *sampler) run() {
	defer close(s.done)
	buckets := []string{"1ms", "10ms", "100ms", "1s"}
	for i := 0; ; i++ {
		select {
		case <-s.stop:
			return
		default:
		}
		s.mu.Lock()
		s.counts[buckets[i*7%len(buckets)]]++
		s.mu.Unlock()
	}
}

// Stop ends run and waits for it.
func (s *sampler) Stop() {
	close(s.stop)
	<-s.done
}

// Total returns the number of samples so far.
func (s *sampler) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func main() {
	s := newSampler()
	go s.run()
	for s.Total() < 1000 {
		time.Sleep(time.Millisecond)
	}
	s.Stop()
	fmt.Println(s.Total() >= 1000)
}
