// The twin of rule_variadicpool_racy: each closure writes its own slot of
// a slice, and main fills the totals map after parallel has waited for
// them all.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

// parallel runs every task on a goroutine and waits for them all.
func parallel(tasks ...func()) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, t := range tasks {
		go func(t func()) {
			defer wg.Done()
			t()
		}(t)
	}
	wg.Wait()
}

func main() {
	orders := map[string][]int{"o1": {3, 4}, "o2": {7, 7, 2}, "o3": {2}, "o4": {3, 3}}
	ids := make([]string, 0, len(orders))
	for id := range orders {
		ids = append(ids, id)
	}
	sums := make([]int, len(ids))
	var tasks []func()
	for i, id := range ids {
		tasks = append(tasks, func() {
			for _, p := range orders[id] {
				sums[i] += p
			}
		})
	}
	parallel(tasks...)
	totals := make(map[string]int)
	for i, id := range ids {
		totals[id] = sums[i]
	}
	fmt.Println(len(totals))
}
