// Each row spells out its own config behind a pointer, but the subtest
// wraps the row's pointer in an options value and calls its method that
// swaps in the test's one defaults map: a row's pointer put into a
// composite literal is not asked about.
//
// want shared "corpus/src/rule_tablerows_wrapped_racy.config.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ params map[string]string }

type row struct {
	name string
	cfg  *config
}

type options struct{ cfg *config }

// withDefaults makes o's config run on m when it has few params.
func (o options) withDefaults(m map[string]string) {
	if len(o.cfg.params) < 5 {
		o.cfg.params = m
	}
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
