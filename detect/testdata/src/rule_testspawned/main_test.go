package main

import "testing"

func TestBroadcastDropsFailing(t *testing.T) {
	h := newHub()
	h.Broadcast() // no clients: nothing to drop
	h.clients[&client{fail: true}] = struct{}{}
	h.Broadcast()
	h.wg.Wait()
	if n := h.Len(); n != 0 {
		t.Fatalf("%d clients left", n)
	}
}
