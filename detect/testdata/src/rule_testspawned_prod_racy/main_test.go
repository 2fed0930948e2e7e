package main

import "testing"

func TestBroadcastThenAdd(t *testing.T) {
	h := newHub()
	h.Add(&client{fail: true})
	h.Broadcast()
	h.clients[&client{}] = struct{}{} // the drop may still run
	h.wg.Wait()
	if n := h.Len(); n != 1 {
		t.Fatalf("%d clients left", n)
	}
}
