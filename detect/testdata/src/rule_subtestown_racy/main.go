// The client of rule_subtestown, with a test that makes one client for
// both subtests: the first leaves a goroutine checking its health until
// the test ends, and the second adds brokers to the same map meanwhile,
// with no lock.
//
// want shared "corpus/src/rule_subtestown_racy.client.brokers"
// known miss "corpus/src/rule_subtestown_racy.client.brokers" "found only at possible confidence: only a goroutine the test starts witnesses the pair, on a production type that locks; such pairs were never real on the labelled modules (testdriven.go), and -race-log makes the race observed"
// verified: go test -race reports DATA RACE
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
