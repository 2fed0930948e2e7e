// Every row spells out its own map behind a pointer field, but each subtest
// hands the row by value to useDefaults, a plain function that swaps the
// test's one defaults map in through the row's pointer field cfg: only
// pointer-typed arguments are asked about, and the row is a struct.
//
// want shared "corpus/src/rule_tablerows_byvalue_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

type row struct {
	name string
	cfg  *config
}

// useDefaults makes r's config run on m.
func useDefaults(r row, m map[string]string) { r.cfg.params = m }

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
