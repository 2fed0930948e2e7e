package main

import (
	"fmt"
	"sync"
	"testing"
)

func TestMembershipChanges(t *testing.T) {
	s := newServer()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 200 {
			name := fmt.Sprint("p", i%4)
			s.AddPeer(name)
			s.RemovePeer(name)
		}
	}()
	for range 200 {
		s.Peers()
	}
	wg.Wait()
}

func TestHeartbeat(t *testing.T) {
	s := newServer()
	s.AddPeer("a")
	s.Start()
	if got := len(s.Peers()); got != 1 {
		t.Errorf("%d peers, want 1", got)
	}
	s.Stop()
}
