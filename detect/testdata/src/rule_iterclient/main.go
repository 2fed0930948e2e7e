// The accept loop wraps each connection in a client of its own, registers
// it in the server's table under the server's lock and hands it to a
// handler goroutine. Only that handler touches the client's streams map:
// the table lets other code find a client, but nothing reaches the map
// through it.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

type client struct {
	name    string
	streams map[int]string
}

type server struct {
	mu      sync.Mutex
	clients map[string]*client
	wg      sync.WaitGroup
}

// handle serves one client's requests.
func (s *server) handle(c *client, reqs []int) {
	defer s.wg.Done()
	defer s.deregister(c)
	for _, r := range reqs {
		if _, ok := c.streams[r]; !ok {
			c.streams[r] = fmt.Sprint(c.name, "/", r)
		}
	}
}

// deregister stops the client's streams and drops it from the table.
func (s *server) deregister(c *client) {
	for id := range c.streams {
		delete(c.streams, id)
	}
	s.mu.Lock()
	delete(s.clients, c.name)
	s.mu.Unlock()
}

// listen accepts n connections.
func (s *server) listen(n int) {
	for i := range n {
		c := &client{name: fmt.Sprint("conn", i), streams: make(map[int]string)}
		s.mu.Lock()
		s.clients[c.name] = c
		s.wg.Add(1)
		go s.handle(c, []int{1, 2, 3, i})
		s.mu.Unlock()
	}
}

func main() {
	s := &server{clients: make(map[string]*client)}
	s.listen(8)
	s.wg.Wait()
	fmt.Println(len(s.clients))
}
