// A local closure that starts a goroutine, called once per job in a loop:
// each call starts another, and they all write the results map the
// closure captured from main.
//
// want shared "corpus/src/rule_closurespawn_racy.main.results"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	results := make(map[string]string)
	var wg sync.WaitGroup
	start := func(job string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[job] = strings.ToUpper(job)
		}()
	}
	for _, j := range []string{"build", "test", "lint", "vet"} {
		start(j)
	}
	wg.Wait()
	fmt.Println(len(results))
}
