// A sub-connection reaches its cache through a field and copies it into
// a local (ccc := sc.ccc) before taking ccc.mu; the cache's own methods
// take c.mu. Both are the same lock, and every access of conns holds it.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

type cacheConn struct {
	mu    sync.Mutex
	conns map[string]int
}

func (c *cacheConn) open(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conns[addr]++
}

type subConn struct {
	ccc  *cacheConn
	addr string
}

func (sc *subConn) shutdown() {
	ccc := sc.ccc
	ccc.mu.Lock()
	defer ccc.mu.Unlock()
	if ccc.conns[sc.addr] > 0 {
		ccc.conns[sc.addr]--
	}
}

func main() {
	c := &cacheConn{conns: map[string]int{}}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			sc := &subConn{ccc: c, addr: fmt.Sprint("10.0.0.", w%2)}
			for range 3000 {
				c.open(sc.addr)
				sc.shutdown()
			}
		})
	}
	wg.Wait()
	fmt.Println(len(c.conns) <= 2)
}
