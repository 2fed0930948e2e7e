// Every row spells out its own map, but each subtest calls tt.useDefaults,
// a value-receiver method that swaps the test's one defaults map in through
// the row's pointer field cfg: only pointer-receiver methods are asked about.
//
// want shared "corpus/src/rule_tablerows_valuemethod_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

type row struct {
	name string
	cfg  *config
}

// useDefaults makes the row's config run on m.
func (r row) useDefaults(m map[string]string) { r.cfg.params = m }

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
