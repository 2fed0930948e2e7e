// A helper that runs each of its variadic function values on a goroutine
// of its own, fed a slice of closures built in a loop: every closure
// writes the one totals map main made before the loop.
//
// want shared "corpus/src/rule_variadicpool_racy.main.totals"
// verified: go run -race reports DATA RACE
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
	totals := make(map[string]int)
	var tasks []func()
	for id, items := range orders {
		tasks = append(tasks, func() {
			sum := 0
			for _, p := range items {
				sum += p
			}
			totals[id] = sum
		})
	}
	parallel(tasks...)
	fmt.Println(len(totals))
}
