// Each row spells out its own backends, but the subtest ranges over the
// row's slice of pointers and swaps the test's one defaults map into every
// backend whose params are short: a range over a row's field is not asked.
//
// want shared "corpus/src/rule_tablerows_rangeptr_racy.backend.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type backend struct{ params map[string]string }

type row struct {
	name     string
	backends []*backend
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
