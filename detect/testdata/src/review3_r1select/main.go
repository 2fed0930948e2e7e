// Each turn waits for the worker's acknowledgement in a select that
// leaves the loop on cancellation (a third review's case).
//
// want none
// verified: go run -race reports no race (5 runs)
package main

import (
	"context"
	"fmt"
	"time"
)

var jobs = map[int]string{}

func submit(id int, done chan<- int) {
	jobs[id] = "queued"
	go func() {
		jobs[id] = "done"
		done <- id
	}()
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan int)
	for i := 0; i < 100; i++ {
		submit(i, done)
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
	fmt.Println("submitted")
}
