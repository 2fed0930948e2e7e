// A dispatcher waits, at the top of each turn, for the previous job's
// worker to say it is done before it writes the next job and starts its
// worker (a third review's case).
//
// want none
// verified: go run -race reports no race (5 runs)
package main

import "fmt"

var sessions = map[int]string{}

// login records the session and hands it to a background checker, which
// signals done when finished with the table.
func login(id int, done chan<- struct{}) {
	sessions[id] = "active"
	go func() {
		if sessions[id] != "active" {
			fmt.Println("bad", id)
		}
		delete(sessions, id-1)
		done <- struct{}{}
	}()
}

func main() {
	done := make(chan struct{}, 1)
	done <- struct{}{}
	for i := 1; i <= 100; i++ {
		<-done // the previous login's checker has finished
		login(i, done)
	}
	<-done
	fmt.Println(len(sessions))
}
