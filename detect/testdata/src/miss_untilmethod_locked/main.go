// The prober of miss_untilmethod with its lock: probe, run by
// go Until(p.probe, ...), and healthy, called from main, both hold p.mu.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

// Until calls f every period until stop is closed.
func Until(f func(), period time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		f()
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

type prober struct {
	mu      sync.Mutex
	targets []string
	status  map[string]bool
	round   int
}

// probe checks every target once.
func (p *prober) probe() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.round++
	for i, t := range p.targets {
		p.status[t] = (p.round+i)%3 != 0
	}
}

func (p *prober) healthy(t string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status[t]
}

func main() {
	p := &prober{targets: []string{"db", "cache", "queue"}, status: map[string]bool{}}
	stop := make(chan struct{})
	go Until(p.probe, time.Millisecond, stop)
	up := 0
	for i := range 100 {
		time.Sleep(time.Millisecond)
		if p.healthy(p.targets[i%3]) {
			up++
		}
	}
	close(stop)
	fmt.Println(up >= 0)
}
