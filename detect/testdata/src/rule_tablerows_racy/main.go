// The table of rule_tablerows, but two rows share one map: their parallel
// subtests delete from it at the same time.
//
// want shared "corpus/src/rule_tablerows_racy.TestSettle.params"
// verified: go test -race reports DATA RACE
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
