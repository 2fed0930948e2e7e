// The server of rule_iterclient, but the accept loop makes one client
// before the loop and hands it to every handler: the handlers write one
// streams map.
//
// want shared "corpus/src/rule_iterclient_racy.client.streams"
// verified: go run -race reports DATA RACE
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
	c := &client{name: "shared", streams: make(map[int]string)}
	for i := range n {
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
