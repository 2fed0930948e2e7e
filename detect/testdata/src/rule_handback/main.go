// survey asks every node in its own goroutine, collects the answers in a
// map it made, waits for the goroutines and only then returns the map:
// the callers read a map nobody else holds any more, even when several
// surveys run at once.
//
// want none
// verified: go run -race reports no race (10 runs)
package main

import (
	"fmt"
	"sync"
)

func survey(nodes []string) (map[string]int, error) {
	if len(nodes) == 0 {
		return nil, fmt.Errorf("no nodes")
	}
	results := make(map[string]int, len(nodes))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			results[n] = len(n)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results, nil
}

func main() {
	res, err := survey([]string{"a", "bb", "ccc"})
	if err != nil {
		return
	}
	res["self"] = 0
	fmt.Println(len(res))
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := survey([]string{"a", fmt.Sprint("n", i)})
			if err == nil {
				fmt.Println(res["a"])
			}
		}()
	}
	wg.Wait()
}
