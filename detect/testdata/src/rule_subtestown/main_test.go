package main

import (
	"testing"
	"time"
)

func TestCheckHealth(t *testing.T) {
	t.Run("does not block", func(t *testing.T) {
		c := &client{brokers: map[int]*broker{1: {id: 1}}}
		done := make(chan struct{})
		go func() {
			c.checkHealth()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Fatal("checkHealth blocked")
		}
	})
	t.Run("drops broken brokers", func(t *testing.T) {
		c := &client{brokers: map[int]*broker{1: {id: 1, broken: true}}}
		c.checkHealth()
		if len(c.brokers) != 0 {
			t.Fatalf("%d brokers left, want 0", len(c.brokers))
		}
	})
}
