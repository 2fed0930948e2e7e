// A time.AfterFunc callback writes the map main writes too.
//
// want shared "corpus/src/afterfunc.pending"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"time"
)

var pending = map[string]bool{}

func main() {
	done := make(chan bool)
	time.AfterFunc(time.Millisecond, func() {
		for i := 0; i < 1000; i++ {
			delete(pending, fmt.Sprint(i))
		}
		close(done)
	})
	for i := 0; i < 100000; i++ {
		pending[fmt.Sprint(i%1000)] = true
	}
	<-done
	fmt.Println(len(pending) >= 0)
}
