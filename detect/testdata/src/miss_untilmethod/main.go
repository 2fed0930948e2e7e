// A method value handed to a function that is run with go:
// go Until(p.probe, stop) runs p.probe on a new goroutine, again and
// again, and probe writes the status map that main reads meanwhile.
//
// want shared "corpus/src/miss_untilmethod.prober.status"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
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
	targets []string
	status  map[string]bool
	round   int
}

// probe checks every target once.
func (p *prober) probe() {
	p.round++
	for i, t := range p.targets {
		p.status[t] = (p.round+i)%3 != 0
	}
}

func (p *prober) healthy(t string) bool {
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
