// The twin of rule_closurespawn_racy: the loop waits for each job's
// goroutine before it starts the next, so only one runs at a time.
//
// want none
// verified: go run -race reports no race
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
		wg.Wait()
	}
	fmt.Println(len(results))
}
