// A single writer goroutine fills a package map; main reads after a
// channel receive.
//
// want none
// verified: go run -race reports no race
package main

import "fmt"

var table = map[string]bool{}

func fill(done chan<- struct{}) {
	for i := 0; i < 100; i++ {
		table[fmt.Sprint(i)] = true
	}
	done <- struct{}{}
}

func main() {
	done := make(chan struct{})
	go fill(done)
	<-done
	fmt.Println(len(table), table["1"])
}
