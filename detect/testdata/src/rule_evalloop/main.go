// A pubsub whose state belongs to one event loop: other goroutines hand
// it work as func() values on p.eval (a closure from Join, the method
// value p.tick from the heartbeat goroutine), and the loop, the only
// goroutine that receives from p.eval, runs them one at a time. topics is
// touched only by functions the loop runs.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

type pubsub struct {
	eval   chan func()
	done   chan struct{}
	topics map[string]int // subscribers per topic; the loop's alone
	ticks  int
}

func newPubSub() *pubsub {
	p := &pubsub{eval: make(chan func()), done: make(chan struct{}), topics: map[string]int{}}
	go p.loop()
	return p
}

// loop runs the work handed to it until done is closed.
func (p *pubsub) loop() {
	for {
		select {
		case f := <-p.eval:
			f()
		case <-p.done:
			return
		}
	}
}

// Join subscribes to topic and waits until the loop has counted it.
func (p *pubsub) Join(topic string) {
	joined := make(chan struct{})
	p.eval <- func() {
		p.topics[topic]++
		close(joined)
	}
	<-joined
}

// heartbeat asks the loop to tick n times.
func (p *pubsub) heartbeat(n int) {
	for range n {
		p.eval <- p.tick
		time.Sleep(10 * time.Microsecond)
	}
}

// tick prunes the topics nobody joined.
func (p *pubsub) tick() {
	p.ticks++
	for t, n := range p.topics {
		if n == 0 {
			delete(p.topics, t)
		}
	}
}

func main() {
	p := newPubSub()
	var wg sync.WaitGroup
	wg.Go(func() { p.heartbeat(200) })
	for i := range 4 {
		wg.Go(func() {
			for j := range 300 {
				p.Join(fmt.Sprint("t", (i+j)%16))
			}
		})
	}
	wg.Wait()
	sum := make(chan int)
	p.eval <- func() {
		n := 0
		for _, c := range p.topics {
			n += c
		}
		sum <- n
	}
	fmt.Println(<-sum)
	close(p.done)
}
