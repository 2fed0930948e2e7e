// A checksum pool whose Close closes the job channel and waits for the
// workers: the workers record results under p.mu, and main reads the
// results map without the lock only after Close has returned, when every
// worker has finished (the wait inside Close orders the writes before
// the read).
//
// want none
// verified: go run -race reports no race (10 runs)
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
	p.Close()
	var top uint32
	for _, sum := range p.results {
		top = max(top, sum)
	}
	fmt.Println(len(p.results), top > 0)
}
