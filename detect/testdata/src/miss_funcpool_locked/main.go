// The worker pool of miss_funcpool with the lock its tasks need: each
// task holds mu while it writes sizes.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type pool struct {
	tasks chan func()
	wg    sync.WaitGroup
}

func newPool(workers int) *pool {
	p := &pool{tasks: make(chan func())}
	for range workers {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

func (p *pool) worker() {
	defer p.wg.Done()
	for task := range p.tasks {
		task()
	}
}

// Submit queues a task; Close waits for all of them.
func (p *pool) Submit(task func()) { p.tasks <- task }

func (p *pool) Close() {
	close(p.tasks)
	p.wg.Wait()
}

func main() {
	p := newPool(4)
	sizes := map[string]int{}
	var mu sync.Mutex
	for i := range 2000 {
		name := fmt.Sprintf("file%03d.log", i%300)
		p.Submit(func() {
			mu.Lock()
			sizes[name] += len(name) * i
			mu.Unlock()
		})
	}
	p.Close()
	fmt.Println(len(sizes))
}
