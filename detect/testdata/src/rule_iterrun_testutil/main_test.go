package main

import (
	"sync"
	"testing"

	"corpus/src/rule_iterrun_testutil/testutil"
)

func TestRounds(t *testing.T) {
	var all []*testutil.Harness
	n := 0
	var mu sync.Mutex
	for i := range 20 {
		h := testutil.New()
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n += add(1, 0); mu.Unlock() })
		}
		h.Run()
		all = append(all, h)
	}
	for _, h := range all {
		h.Wait()
	}
	if n != 200 {
		t.Fatalf("%d actions ran, want 200", n)
	}
}
