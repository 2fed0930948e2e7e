package main

import (
	"fmt"
	"sync"
	"testing"
)

func TestHandOff(t *testing.T) {
	q := newQueue()
	var wg sync.WaitGroup
	got := make([]string, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = q.Take()
		}()
	}
	for i := range 200 {
		q.Push(fmt.Sprint("item", i))
	}
	wg.Wait()
}
