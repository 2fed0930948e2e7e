// The table holds pointers to rows, each spelling out its own map, and each
// subtest calls tt.use, a pointer method that swaps in the test's one
// defaults map: rows held by pointer are asked about their methods too.
//
// want shared "corpus/src/rule_tablerows_ptrrow_racy.row.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type row struct {
	name   string
	params map[string]string
}

// use makes the row run on m.
func (r *row) use(m map[string]string) { r.params = m }

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
