// The row spells out its own map, but the table is ranged twice (two
// attempts): the row's map is in two parallel subtests at once.
//
// want shared "corpus/src/rule_tablerows_repeat_racy.TestSettle.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import (
	"fmt"
	"strings"
)

// settle reads the session settings a server reports.
func settle(params map[string]string) string {
	var b strings.Builder
	for k, v := range params {
		b.WriteString(k + "=" + v + ";")
	}
	return b.String()
}

func main() { fmt.Println(settle(map[string]string{"a": "b"})) }
