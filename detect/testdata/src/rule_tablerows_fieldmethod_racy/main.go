// Every row spells out its own map, but each subtest calls
// tt.cfg.useDefaults, a pointer method of the row's field cfg that swaps in
// the test's one defaults map: a pointer method called on anything
// reached from the row makes it not the row's own.
//
// want shared "corpus/src/rule_tablerows_fieldmethod_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

// useDefaults makes c run on m.
func (c *config) useDefaults(m map[string]string) { c.params = m }

type row struct {
	name string
	cfg  config
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
