// The reporter of inst_perrunclient, but every worker starts a flush loop
// on one shared reporter: four loops take turns on its ticks, and each
// sets the transport tag under the lock while another reads it without.
//
// want shared "corpus/src/inst_perrunclient_racy.reporter.tags"
// want suggestion "corpus/src/inst_perrunclient_racy.reporter.tags" "hold r.mu (Lock) at src/inst_perrunclient_racy/main.go:36:5, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type reporter struct {
	mu    sync.Mutex
	tags  map[string]string
	ticks chan int
	sent  int
}

func newReporter() *reporter {
	return &reporter{tags: make(map[string]string), ticks: make(chan int)}
}

// setTags records the transport the next flush goes out on.
func (r *reporter) setTags(transport string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tags["transport"] = transport
}

// flush sends one report, tagged with its transport.
func (r *reporter) flush(tick int) {
	r.setTags(fmt.Sprint("udp-", tick%3))
	if r.tags["transport"] != "" {
		r.sent++
	}
}

// run flushes once per tick until ticks closes.
func (r *reporter) run() {
	go func() {
		for t := range r.ticks {
			r.flush(t)
		}
	}()
}

type client struct {
	rep *reporter
}

// start starts the flush loop of a client on rep.
func start(rep *reporter) *client {
	c := &client{rep: rep}
	c.rep.run()
	return c
}

func main() {
	var wg sync.WaitGroup
	shared := newReporter()
	for range 4 {
		wg.Go(func() {
			start(shared)
		})
	}
	wg.Wait()
	for t := range 4000 {
		shared.ticks <- t
	}
	close(shared.ticks)
	fmt.Println("flushed")
}
