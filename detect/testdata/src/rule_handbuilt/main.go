// newBroker starts a consume goroutine on the broker it makes; a check
// builds other brokers by hand, without that goroutine, and aborts them on
// a goroutine of its own. The two goroutines never hold the same broker:
// one holds what newBroker allocated, the other what each check call
// allocated.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
	"time"
)

type broker struct {
	subs map[int]string
	stop chan struct{}
	done chan struct{}
}

func newBroker() *broker {
	b := &broker{subs: map[int]string{1: "a", 2: "b"}, stop: make(chan struct{}), done: make(chan struct{})}
	go b.consume()
	return b
}

// consume reports the subscription count until stopped.
func (b *broker) consume() {
	defer close(b.done)
	for {
		select {
		case <-b.stop:
			return
		case <-time.After(time.Millisecond):
			_ = fmt.Sprint(len(b.subs))
		}
	}
}

// abort drops every subscription.
func (b *broker) abort() {
	for k := range b.subs {
		delete(b.subs, k)
	}
}

// bare is a broker built by hand, as a test builds one: no consume
// goroutine runs on it.
func bare() *broker {
	return &broker{subs: map[int]string{3: "c"}, stop: make(chan struct{}), done: make(chan struct{})}
}

func runAbort(b *broker) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.abort()
	}()
	wg.Wait()
}

func main() {
	live := newBroker()
	time.Sleep(5 * time.Millisecond)
	runAbort(bare())
	b := bare()
	runAbort(b)
	close(live.stop)
	<-live.done
	fmt.Println("aborted")
}
