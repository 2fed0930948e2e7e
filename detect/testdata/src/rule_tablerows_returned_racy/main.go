// Each row spells out its own config behind a pointer, but the subtest
// reaches it through a small accessor closure that returns the row's
// pointer and swaps the test's one defaults map in through what it
// returns: a row's pointer in a return statement is not asked about.
//
// want shared "corpus/src/rule_tablerows_returned_racy.config.params"
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
