// Workers each build a client; a client's constructor looks its reporter
// up by name in a registry and starts the reporter's flush loop. All
// workers ask for "metrics", so four flush loops run on one reporter: each
// sets the transport tag under the lock while another reads it without.
//
// want shared "corpus/src/review_r5registry_racy.reporter.tags"
// want suggestion "corpus/src/review_r5registry_racy.reporter.tags" "hold r.mu (Lock) at src/review_r5registry_racy/main.go:37:5, as 1 other access does"
// verified: go run -race reports DATA RACE (a review case)
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

var (
	regMu     sync.Mutex
	reporters = map[string]*reporter{}
)

// reporterFor returns the reporter registered under name, making it the
// first time.
func reporterFor(name string) *reporter {
	regMu.Lock()
	defer regMu.Unlock()
	r := reporters[name]
	if r == nil {
		r = newReporter()
		reporters[name] = r
	}
	return r
}

type client struct {
	rep *reporter
}

// newClient makes a client on the named reporter and starts its flush loop.
func newClient(name string) *client {
	c := &client{rep: reporterFor(name)}
	c.rep.run()
	return c
}

func main() {
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			newClient("metrics")
		}()
	}
	wg.Wait()
	shared := reporterFor("metrics")
	for t := range 4000 {
		shared.ticks <- t
	}
	close(shared.ticks)
	fmt.Println("flushed")
}
