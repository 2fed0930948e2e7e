// A job runner that records each job's state in a table and then starts
// the job's worker, which reads the table back. main submits the jobs in
// a loop, but waits for each worker before the next submit: the table
// write of one submit never meets a worker started by an earlier one.
//
// want none
// verified: go run -race reports no race (10 runs)
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
		r.wg.Wait()
	}
	fmt.Println(len(r.done), r.done[0])
}
