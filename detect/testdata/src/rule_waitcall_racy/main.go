// The checksum pool of rule_waitcall with the summary taken too early:
// main ranges over the results map before calling Close, while the
// workers are still recording the last jobs under p.mu.
//
// want shared "corpus/src/rule_waitcall_racy.pool.results"
// known miss "corpus/src/rule_waitcall_racy.pool.results" "found only at possible confidence: main ranging over results before Close, against the workers newPool starts, is not witnessed"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"hash/crc32"
	"sync"
)

type pool struct {
	jobs    chan string
	wg      sync.WaitGroup
	mu      sync.Mutex
	results map[string]uint32
}

func newPool(workers int) *pool {
	p := &pool{jobs: make(chan string), results: map[string]uint32{}}
	for range workers {
		p.wg.Go(p.work)
	}
	return p
}

func (p *pool) work() {
	for path := range p.jobs {
		sum := crc32.ChecksumIEEE([]byte(path))
		p.mu.Lock()
		p.results[path] = sum
		p.mu.Unlock()
	}
}

// Submit queues one path.
func (p *pool) Submit(path string) { p.jobs <- path }

// Close stops taking jobs and returns once every worker has finished.
func (p *pool) Close() {
	close(p.jobs)
	p.wg.Wait()
}

func main() {
	p := newPool(4)
	for i := range 3000 {
		p.Submit(fmt.Sprintf("/srv/data/%04d.blk", i))
	}
	var top uint32
	for _, sum := range p.results { // before Close: workers may still write
		top = max(top, sum)
	}
	p.Close()
	fmt.Println(len(p.results), top > 0)
}
