package main

import (
	"sync"
	"testing"

	"corpus/src/rule_iterrun_testutil_racy/testutil"
)

func TestRounds(t *testing.T) {
	n := 0
	var mu sync.Mutex
	h := testutil.New()
	for i := range 20 {
		for j := range 10 {
			h.Do(i+j, func() { mu.Lock(); n += add(1, 0); mu.Unlock() })
		}
		h.Run()
	}
	h.Wait()
	t.Log(n)
}
