// The tasks slice is set to nil and filled again for serial, which runs
// them one after another on the caller's goroutine: only the first batch
// goes to the goroutines of parallel.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"
)

func parallel(tasks ...func()) {
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func(t func()) {
			defer wg.Done()
			t()
		}(t)
	}
	wg.Wait()
}

func serial(tasks ...func()) {
	for _, t := range tasks {
		t()
	}
}

func main() {
	sums := make([]int, 4)
	var tasks []func()
	for i := range sums {
		tasks = append(tasks, func() { sums[i] = i * i })
	}
	parallel(tasks...)
	totals := map[string]int{}
	tasks = nil
	for i := range sums {
		tasks = append(tasks, func() { totals[fmt.Sprint("k", i%2)] += sums[i] })
	}
	serial(tasks...)
	fmt.Println(len(totals))
}
