// The survey of rule_handback, but it returns the map as soon as the first
// answer came, while the other goroutines still write it: the caller's
// write races with theirs.
//
// want shared "corpus/src/rule_handback_racy.survey.results"
// verified: go run -race reports DATA RACE
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
	first := make(chan struct{}, len(nodes))
	for _, n := range nodes {
		go func() {
			mu.Lock()
			results[n] = len(n)
			mu.Unlock()
			first <- struct{}{}
		}()
	}
	select {
	case <-first:
	}
	return results, nil
}

func main() {
	res, err := survey([]string{"a", "bb", "ccc", "dddd"})
	if err != nil {
		return
	}
	res["self"] = 0
	fmt.Println(res["self"])
}
