// A supervisor that adds services to its table directly while it is not
// running, under s.mu, and through its control channel once Serve runs.
// Serve leaves the notRunning state under s.mu before it touches the
// table, and nothing sets notRunning again, so an Add that writes the
// table directly took s.mu before Serve's change of state (suture's
// Supervisor). The pair of Add's write and Serve's unlocked accesses is
// possible.
//
// want none
// verified: go run -race reports no race (10 of 10 runs)
package main

import (
	"fmt"
	"sort"
	"sync"
)

type state int

const (
	notRunning state = iota
	running
	stopped
)

type addReq struct {
	name string
	done chan int
}

type supervisor struct {
	mu       sync.Mutex
	state    state
	next     int
	services map[int]string // by id; Serve's own once it runs
	control  chan addReq
}

func newSupervisor() *supervisor {
	return &supervisor{state: notRunning, services: map[int]string{}, control: make(chan addReq)}
}

// Add registers a service and returns its id.
func (s *supervisor) Add(name string) int {
	s.mu.Lock()
	if s.state == notRunning {
		id := s.next
		s.next++
		s.services[id] = name
		s.mu.Unlock()
		return id
	}
	s.mu.Unlock()
	req := addReq{name: name, done: make(chan int)}
	s.control <- req
	return <-req.done
}

// Serve runs the supervisor until stop is closed.
func (s *supervisor) Serve(stop <-chan struct{}) {
	s.mu.Lock()
	s.state = running
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.state = stopped
		s.mu.Unlock()
	}()
	for {
		select {
		case req := <-s.control:
			s.mu.Lock()
			id := s.next
			s.next++
			s.mu.Unlock()
			s.services[id] = req.name
			req.done <- id
		case <-stop:
			return
		}
		s.report()
	}
}

// report lists the services; Serve calls it after each change.
func (s *supervisor) report() []string {
	var names []string
	for _, n := range s.services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func main() {
	s := newSupervisor()
	s.Add("db")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		s.Serve(stop)
		close(done)
	}()
	for i := range 200 {
		s.Add(fmt.Sprint("worker", i))
	}
	close(stop)
	<-done
	fmt.Println("stopped")
}
