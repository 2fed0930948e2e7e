// The cleanups table is read only under d.mu, so its literal does not
// break expireLocked's contract. arm hands the method value
// d.expireLocked to time.AfterFunc, which runs it on a timer goroutine
// holding nothing: a method value breaks the contract only when handed to
// loaded code that starts a goroutine on it.
//
// want shared "corpus/src/rule_lockedname_afterfunc_racy.cache.entries"
// verified: go run -race reports DATA RACE (a reviewer's program, which both the old and the new rules missed)
package main

import (
	"fmt"
	"sync"
	"time"
)

type cache struct {
	mu      sync.Mutex
	entries map[int]bool
	next    int
}

// expireLocked drops the oldest entry; c.mu is held.
func (c *cache) expireLocked() {
	delete(c.entries, c.next)
	c.entries[-c.next] = true
	c.next++
}

var cleanups = map[string]func(c *cache){
	"expire": func(c *cache) { c.expireLocked() },
}

// cleanup runs the cleanup named name under c.mu.
func (c *cache) cleanup(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cleanups[name](c)
}

// arm expires an entry after d.
func (c *cache) arm(d time.Duration) *time.Timer { return time.AfterFunc(d, c.expireLocked) }

// put adds an entry under c.mu.
func (c *cache) put(k int) {
	c.mu.Lock()
	c.entries[k] = true
	c.mu.Unlock()
}

func main() {
	c := &cache{entries: make(map[int]bool)}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() { defer wg.Done(); c.put(i) }()
		c.arm(0)
		c.cleanup("expire")
	}
	wg.Wait()
	time.Sleep(50 * time.Millisecond)
	c.mu.Lock()
	fmt.Println(len(c.entries))
	c.mu.Unlock()
}
