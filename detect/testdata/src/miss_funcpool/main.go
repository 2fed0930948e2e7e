// A worker pool fed func() values over a channel: the workers run
// whatever they receive, and the tasks submitted write a map of main's
// with no lock.
//
// want shared "corpus/src/miss_funcpool.main.sizes"
// verified: go run -race reports DATA RACE
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
	for i := range 2000 {
		name := fmt.Sprintf("file%03d.log", i%300)
		p.Submit(func() {
			sizes[name] += len(name) * i
		})
	}
	p.Close()
	fmt.Println(len(sizes))
}
