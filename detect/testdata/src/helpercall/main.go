// The goroutine writes through a helper; main reads through another.
//
// want shared "corpus/src/helpercall.stats"
// verified: go run -race reports DATA RACE
package main

import "fmt"

var stats = make(map[string]int)

func record(k string) { stats[k] += 1 }

func lookup(k string) int { return stats[k] }

func run(done chan bool) {
	for i := 0; i < 1000; i++ {
		record("x")
	}
	close(done)
}

func main() {
	done := make(chan bool)
	go run(done)
	n := 0
	for i := 0; i < 1000; i++ {
		n += lookup("x")
	}
	<-done
	fmt.Println(n >= 0)
}
