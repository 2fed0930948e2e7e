// The connection of rule_swapout_var, except that close copies c.calls
// into its variable under c.mu but leaves the live map in place: the
// range after the lock is released walks the map the adding goroutines
// still write under c.mu.
//
// want shared "corpus/src/rule_swapout_var_racy.conn.calls"
// verified: go run -race reports DATA RACE (7 of 10 runs)
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
	var toFail map[int]*call
	if err != nil {
		toFail = c.calls // the live map: not swapped out
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
