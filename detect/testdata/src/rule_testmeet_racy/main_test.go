package main

import (
	"fmt"
	"sync"
	"testing"
)

func TestMembershipChanges(t *testing.T) {
	s := newServer()
	s.Start()
	defer s.Stop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20000 {
			name := fmt.Sprint("p", i%4)
			s.AddPeer(name)
			s.RemovePeer(name)
		}
	}()
	for range 2000 {
		s.Peers()
	}
	wg.Wait()
}
