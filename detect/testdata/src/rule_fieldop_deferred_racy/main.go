// A literal kept in a function-typed field and run by a deferred call of
// the field: it runs when run returns, after the goroutine run starts
// reads the table, so the two race. The deferred field call counts at the
// end of run's body, as any deferred call does (a reviewer's program),
// but a literal stored in a field directly stays where main writes it,
// before run starts the goroutine.
//
// want shared "corpus/src/rule_fieldop_deferred_racy.table"
// known miss "corpus/src/rule_fieldop_deferred_racy.table" "a literal stored in a field directly runs where it is written (so that callbacks a scanner runs on goroutines it waits for stay ordered), not at the deferred call of the field"
// verified: go run -race reports DATA RACE (10 of 10 runs)
package main

import (
	"fmt"
	"time"
)

type op struct {
	f func()
}

var table = map[string]int{}

func run(o *op) {
	defer o.f()
	go func() {
		for range 100 {
			fmt.Println(len(table), table["a"])
			time.Sleep(time.Microsecond)
		}
	}()
	time.Sleep(time.Millisecond)
}

func main() {
	o := &op{f: func() { table["a"] = 1 }}
	run(o)
	time.Sleep(10 * time.Millisecond)
}
