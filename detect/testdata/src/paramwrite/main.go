// bump writes its map parameter: every call site is a write of the map
// passed, here a package map written from a goroutine and from main.
//
// want shared "corpus/src/paramwrite.scores"
// verified: go run -race reports DATA RACE
package main

import "fmt"

var scores = map[string]int{}

func bump(m map[string]int, k string) { m[k]++ }

func main() {
	done := make(chan bool)
	go func() {
		for i := 0; i < 1000; i++ {
			bump(scores, "a")
		}
		close(done)
	}()
	for i := 0; i < 1000; i++ {
		bump(scores, "b")
	}
	<-done
	fmt.Println(len(scores))
}
