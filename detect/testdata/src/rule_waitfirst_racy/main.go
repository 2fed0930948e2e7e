// The client of rule_waitfirst, but Close walks the sinks before it waits
// for the metadata loop: the loop may still be adding one.
//
// want shared "corpus/src/rule_waitfirst_racy.client.sinks"
// want suggestion "corpus/src/rule_waitfirst_racy.client.sinks" "hold c.mu (Lock) at src/rule_waitfirst_racy/main.go:41:20, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type client struct {
	mu       sync.Mutex
	sinks    map[int]string
	updates  chan int
	metadone chan struct{}
}

func newClient() *client {
	c := &client{sinks: make(map[int]string), updates: make(chan int, 64), metadone: make(chan struct{})}
	go c.metadataLoop()
	return c
}

// metadataLoop adds a sink for each broker it learns of.
func (c *client) metadataLoop() {
	defer close(c.metadone)
	for id := range c.updates {
		c.mu.Lock()
		c.sinks[id] = fmt.Sprint("broker-", id)
		c.mu.Unlock()
	}
}

// Close stops the metadata loop and drains every sink.
func (c *client) Close() int {
	close(c.updates)
	n := 0
	for _, s := range c.sinks {
		n += len(s)
	}
	<-c.metadone
	return n
}

func main() {
	c := newClient()
	for id := range 50 {
		c.updates <- id
	}
	closed := make(chan int)
	go func() { closed <- c.Close() }()
	fmt.Println(<-closed)
}
