// The client's metadata loop adds a sink per broker under the client's
// lock and closes metadone when it quits. Close stops the loop, waits on
// metadone, and only then walks the sinks without the lock: no sink can
// be added any more.
//
// want none
// verified: go run -race reports no race (10 runs)
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
	c := &client{sinks: make(map[int]string), updates: make(chan int), metadone: make(chan struct{})}
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
	<-c.metadone
	n := 0
	for _, s := range c.sinks {
		n += len(s)
	}
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
