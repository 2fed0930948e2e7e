// The brokers of rule_handbuilt, but the check aborts the broker newBroker
// made, whose consume goroutine still reads the subscriptions.
//
// want shared "corpus/src/rule_handbuilt_racy.broker.subs"
// verified: go run -race reports DATA RACE
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
	runAbort(live)
	time.Sleep(5 * time.Millisecond)
	close(live.stop)
	<-live.done
	fmt.Println(len(live.subs))
}
