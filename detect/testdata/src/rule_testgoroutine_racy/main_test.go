package main

import "testing"

func TestSamplerCounts(t *testing.T) {
	live := newSampler()
	go live.run()
	defer live.Stop()

	// polls the live sampler's map without live.mu
	for polls := 0; live.counts["1ms"] < 100; polls++ {
		if polls > 1e8 {
			t.Fatal("sampler recorded nothing")
		}
	}
}
