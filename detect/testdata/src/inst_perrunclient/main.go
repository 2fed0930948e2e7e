// Workers that each build a client whose constructor starts the client's
// flush loop. The loop sets the transport tag under the reporter's lock
// and reads it back without it: one loop per reporter, and every worker
// has a reporter of its own, so no two loops meet on one map.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type reporter struct {
	mu    sync.Mutex
	tags  map[string]string
	ticks chan int
	done  chan struct{}
	sent  int
}

func newReporter() *reporter {
	return &reporter{tags: make(map[string]string), ticks: make(chan int), done: make(chan struct{})}
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
		defer close(r.done)
		for t := range r.ticks {
			r.flush(t)
		}
	}()
}

type client struct {
	rep *reporter
}

func newClient() *client {
	c := &client{rep: newReporter()}
	c.rep.run()
	return c
}

func main() {
	var wg sync.WaitGroup
	sent := make([]int, 4)
	for i := range 4 {
		wg.Go(func() {
			c := newClient()
			for t := range 1000 {
				c.rep.ticks <- t
			}
			close(c.rep.ticks)
			<-c.rep.done
			sent[i] = c.rep.sent
		})
	}
	wg.Wait()
	fmt.Println(sent)
}
