// Workers each build a client from the app config; the client's
// constructor starts the flush loop of the reporter the config's telemetry
// section names. All workers share the config, so four flush loops run on
// one reporter: each sets the transport tag under the lock while another
// reads it without.
//
// want shared "corpus/src/review_r5nested_racy.reporter.tags"
// want suggestion "corpus/src/review_r5nested_racy.reporter.tags" "hold r.mu (Lock) at src/review_r5nested_racy/main.go:38:5, as 1 other access does"
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

type Telemetry struct {
	Rep *reporter
}

type Config struct {
	Name      string
	Telemetry *Telemetry
}

type client struct {
	rep *reporter
}

// newClient makes a client reporting to cfg's telemetry and starts its
// flush loop.
func newClient(cfg *Config) *client {
	c := &client{rep: cfg.Telemetry.Rep}
	c.rep.run()
	return c
}

func main() {
	var wg sync.WaitGroup
	cfg := &Config{Name: "demo", Telemetry: &Telemetry{Rep: newReporter()}}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			newClient(cfg)
		}()
	}
	wg.Wait()
	shared := cfg.Telemetry.Rep
	for t := range 4000 {
		shared.ticks <- t
	}
	close(shared.ticks)
	fmt.Println("flushed")
}
