// Command jsonmap races json.Marshal, which reads a map through reflect,
// with a write to the map.
package main

import (
	"encoding/json"
	"sync"
)

func main() {
	m := map[string]int{"a": 1}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["b"] = 1
	}()
	_, _ = json.Marshal(m)
	wg.Wait()
}
