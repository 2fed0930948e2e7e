// A server's loop writes its peer table while a client's loop, started by
// newClient on a client that keeps the server it was given, ranges over
// the same table. The two goroutines hold values allocated at different
// places (the server, the client), but the client reaches the table
// through its srv field, set from newClient's parameter: that is the
// server's own object, not a part of the client (gobgp's zebra client,
// whose loop reaches BgpServer.neighborMap through z.server, was possible
// for this reason).
//
// want shared "corpus/src/rule_ownerfield_racy.server.peers"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"time"
)

type server struct {
	peers map[string]int
	ch    chan string
}

func newServer() *server {
	return &server{peers: make(map[string]int), ch: make(chan string)}
}

func (s *server) serve() {
	for name := range s.ch {
		s.peers[name]++
	}
}

type client struct {
	srv  *server
	done chan struct{}
}

func newClient(s *server) *client {
	c := &client{srv: s, done: make(chan struct{})}
	go c.loop()
	return c
}

func (c *client) loop() {
	defer close(c.done)
	for range 100 {
		n := 0
		for range c.srv.peers {
			n++
		}
		time.Sleep(10 * time.Microsecond)
	}
}

func main() {
	s := newServer()
	go s.serve()
	c := newClient(s)
	for i := range 100 {
		s.ch <- fmt.Sprint("p", i%7)
	}
	<-c.done
	close(s.ch)
	fmt.Println("done")
}
