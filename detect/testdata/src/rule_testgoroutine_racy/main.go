// The latency sampler of rule_testgoroutine with a test that reads the
// wrong sampler: it polls the live sampler's counts map directly, without
// s.mu, while that sampler's run goroutine writes it. main itself is
// clean; the race is in the test.
//
// want shared "corpus/src/rule_testgoroutine_racy.sampler.counts"
// want suggestion "corpus/src/rule_testgoroutine_racy.sampler.counts" "hold live.mu (Lock) at src/rule_testgoroutine_racy/main_test.go:11:18, as 2 other accesses do"
// expect: finding in the test only; fix: hold live.mu in the test
// verified: go run -race reports no race; go test -race reports DATA RACE
// (10 of 10 runs)
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
