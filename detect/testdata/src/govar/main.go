// A goroutine writes a package map while main reads it.
//
// want shared "corpus/src/govar.hits"
// verified: go run -race reports DATA RACE
package main

import "fmt"

var hits = map[string]int{}

func main() {
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			hits["a"]++
		}
		close(done)
	}()
	n := 0
	for i := 0; i < 1000; i++ {
		n += hits["a"]
	}
	<-done
	fmt.Println(n > -1)
}
