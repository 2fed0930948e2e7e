// The supervisor of rule_lifecycle with a Pause that puts it back in the
// notRunning state while Serve's loop goes on reporting: an Add after a
// pause writes the table directly while the loop ranges over it. A state
// that is entered again orders nothing.
//
// want shared "corpus/src/rule_lifecycle_racy.supervisor.services"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"runtime"
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
	pause    chan struct{}
}

func newSupervisor() *supervisor {
	return &supervisor{state: notRunning, services: map[int]string{}, control: make(chan addReq), pause: make(chan struct{})}
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
		case <-s.pause:
			s.mu.Lock()
			s.state = notRunning
			s.mu.Unlock()
		case <-stop:
			return
		default:
			runtime.Gosched()
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
	for i := range 20 {
		s.Add(fmt.Sprint("worker", i))
	}
	s.pause <- struct{}{}
	for i := range 200 {
		s.Add(fmt.Sprint("paused", i))
	}
	close(stop)
	<-done
	fmt.Println("stopped")
}
