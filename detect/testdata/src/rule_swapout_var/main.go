// A connection that fails its outstanding calls when it closes: under c.mu
// it marks itself closed and, when there is an error to deliver, moves
// c.calls into a variable declared before (var toFail map...) and leaves
// nil in its place. The calls are answered from that variable after the
// lock is released: no one else can reach the old map any more, and every
// other access checks c.closed under c.mu first.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type call struct{ resp chan error }

type conn struct {
	mu     sync.Mutex
	closed bool
	calls  map[int]*call
}

// add registers a call, unless the connection is closed.
func (c *conn) add(id int) *call {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	k := &call{resp: make(chan error, 1)}
	c.calls[id] = k
	return k
}

// close fails the outstanding calls with err.
func (c *conn) close(err error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	var toFail map[int]*call
	if err != nil {
		toFail = c.calls
		c.calls = nil
	}
	c.mu.Unlock()

	for _, k := range toFail {
		select {
		case k.resp <- err:
		default: // already answered
		}
	}
}

func main() {
	c := &conn{calls: map[int]*call{}}
	var wg sync.WaitGroup
	failed := make(chan int, 1000)
	for i := range 4 {
		wg.Go(func() {
			for j := range 200 {
				if k := c.add(i*1000 + j); k != nil {
					go func() {
						if <-k.resp != nil {
							failed <- 1
						}
					}()
				}
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			c.close(errors.New("connection reset"))
			time.Sleep(20 * time.Microsecond)
		}
	})
	wg.Wait()
	fmt.Println("closed")
}
