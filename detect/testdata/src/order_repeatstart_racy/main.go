// The runner of order_repeatstart, but main waits only once, after the
// loop: the table write of each submit runs while the workers of the
// earlier submits read the table. The write comes before its own
// worker's start, not before the others'.
//
// want shared "corpus/src/order_repeatstart_racy.runner.state"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type runner struct {
	state map[string]string
	wg    sync.WaitGroup
	done  []string
	mu    sync.Mutex
}

// submit records the job and starts its worker.
func (r *runner) submit(job string) {
	r.state[job] = "queued"
	r.wg.Add(1)
	go r.work(job)
}

func (r *runner) work(job string) {
	defer r.wg.Done()
	s := r.state[job]
	r.mu.Lock()
	r.done = append(r.done, job+":"+s)
	r.mu.Unlock()
}

func main() {
	r := &runner{state: map[string]string{}}
	for i := range 200 {
		r.submit(fmt.Sprint("job", i))
	}
	r.wg.Wait()
	fmt.Println(len(r.done), r.done[0])
}
