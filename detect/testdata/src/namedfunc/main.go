// go worker(m) hands a local map to a goroutine; main keeps writing it.
//
// want shared "corpus/src/namedfunc.main.m"
// verified: go run -race reports DATA RACE
package main

import "fmt"

func worker(seen map[int]bool, done chan bool) {
	for i := 0; i < 1000; i++ {
		seen[i] = true
	}
	done <- true
}

func main() {
	m := make(map[int]bool)
	done := make(chan bool)
	go worker(m, done)
	for i := 0; i < 1000; i++ {
		m[-i] = true
	}
	<-done
	fmt.Println(len(m) > 0)
}
