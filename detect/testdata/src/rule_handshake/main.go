// The twin of rule_handshake_racy: the loader says so when it is done,
// as its last act, and main fills its part of the table only after.
//
// want none
// verified: go run -race reports no race
package main

import "fmt"

func main() {
	table := map[int]string{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 500 {
			table[i] = fmt.Sprint("loaded ", i)
		}
	}()
	<-done
	for i := 500; i < 1000; i++ {
		table[i] = fmt.Sprint("default ", i)
	}
	fmt.Println(len(table))
}
