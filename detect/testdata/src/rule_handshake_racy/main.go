// A handshake is not a join: the loader closes ready as soon as it has
// started and goes on filling the table, while main, past <-ready, fills
// it too.
//
// want shared "corpus/src/rule_handshake_racy.main.table"
// known miss "corpus/src/rule_handshake_racy.main.table" "a receive after the go statement is taken as the end of the goroutines started before it, though this one goes on after it closes ready"
// verified: go run -race reports DATA RACE
package main

import "fmt"

func main() {
	table := map[int]string{}
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		close(ready)
		for i := range 500 {
			table[i] = fmt.Sprint("loaded ", i)
		}
		done <- struct{}{}
	}()
	<-ready
	for i := 500; i < 1000; i++ {
		table[i] = fmt.Sprint("default ", i)
	}
	<-done
	fmt.Println(len(table))
}
