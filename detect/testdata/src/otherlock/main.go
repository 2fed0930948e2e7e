// The collector holds its own lock while it ranges over a member's map;
// members write their map under the member's lock.
//
// want shared "corpus/src/otherlock.member.tags"
// want suggestion "corpus/src/otherlock.member.tags" "hold m.mu (Lock) at src/otherlock/main.go:35:21, as 1 other access does"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

type member struct {
	mu   sync.Mutex
	tags map[string]int
}

func (m *member) set(k string, v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tags[k] = v
}

type collector struct {
	mu      sync.Mutex
	members []*member
}

func (c *collector) collect() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, m := range c.members {
		for _, v := range m.tags {
			n += v
		}
	}
	return n
}

func main() {
	m := &member{tags: map[string]int{}}
	c := &collector{members: []*member{m}}
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			c.collect()
		}
		close(done)
	}()
	for i := 0; i < 1000; i++ {
		m.set(fmt.Sprint(i%10), i)
	}
	<-done
	fmt.Println(c.collect() >= 0)
}
