package main

import (
	"testing"
	"time"
)

func TestSamplerAlongsideIdle(t *testing.T) {
	live := newSampler()
	go live.run()
	defer live.Stop()

	// The idle sampler has no run goroutine: the test fills and reads
	// its map directly, as a fixture.
	idle := newSampler()
	for i := range 2000 {
		idle.counts["1ms"]++
		if got := idle.counts["1ms"]; got != i+1 {
			t.Fatalf("idle count %d, want %d", got, i+1)
		}
	}
	for live.Total() < 1000 {
		time.Sleep(time.Millisecond)
	}
}
