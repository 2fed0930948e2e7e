// The migrations of order_joinloop, but the steps are waited for after the
// loop: every migrate goroutine runs at once and they all write status.
// The checks still wait for each other in the loop, and run after the
// steps' Wait.
//
// want shared "corpus/src/order_joinloop_racy.status"
// verified: go run -race reports DATA RACE
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
	}
	wg.Wait()
	done := make(chan bool)
	for _, step := range steps {
		go check(step, done)
		if !<-done {
			fmt.Println("check failed:", step)
		}
	}
	fmt.Println(len(status))
}
