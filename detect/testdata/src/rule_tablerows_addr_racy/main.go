// Every row spells out its own map, but each subtest hands &tt.cfg to
// useDefaults, a plain function (not a method) that swaps in the test's one
// defaults map: a row whose address, or a pointer in it, is handed on is not its own.
//
// want shared "corpus/src/rule_tablerows_addr_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

// useDefaults makes c run on m.
func useDefaults(c *config, m map[string]string) { c.params = m }

type row struct {
	name string
	cfg  config
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
