package main

import "testing"

func TestServeWithPing(t *testing.T) {
	SetHandlerForTesting("ping", func(string) string { return "pong" })
	if got := serve(4, commands()); got != 0 {
		t.Fatalf("%d unknown commands, want 0", got)
	}
}
