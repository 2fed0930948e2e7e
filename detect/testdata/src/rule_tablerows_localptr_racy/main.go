// Every row spells out its own map behind a pointer field, but each subtest
// copies the pointer into a local (c := tt.cfg) and swaps the test's one
// defaults map in through it: the assignment's root is c, not the row.
//
// want shared "corpus/src/rule_tablerows_localptr_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

type row struct {
	name string
	cfg  *config
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
