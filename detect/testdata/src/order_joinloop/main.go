// Migrations run one at a time: each iteration starts a goroutine (so a
// stuck step can be timed out by its caller) and waits for it before the
// next one starts, with wg.Wait for the steps and a receive for the
// checks. The goroutines write the same status map but never overlap.
//
// want none
// verified: go run -race reports no race (3 runs)
package main

import (
	"fmt"
	"sync"
)

var status = map[string]string{}

func migrate(step string, wg *sync.WaitGroup) {
	defer wg.Done()
	status[step] = "running"
	status[step] = "done"
}

func check(step string, done chan<- bool) {
	status[step+"/check"] = "ok"
	done <- status[step] == "done"
}

func main() {
	steps := []string{"users", "orders", "invoices", "audit"}
	var wg sync.WaitGroup
	for _, step := range steps {
		wg.Add(1)
		go migrate(step, &wg)
		wg.Wait()
	}
	done := make(chan bool)
	for _, step := range steps {
		go check(step, done)
		if !<-done {
			fmt.Println("check failed:", step)
		}
	}
	fmt.Println(len(status))
}
