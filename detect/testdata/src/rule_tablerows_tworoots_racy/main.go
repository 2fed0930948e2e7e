// Every row spells out its own map, but each row runs two parallel
// subtests, a writer and a reader (through settle), on that one map: the
// rows differ, the two subtests of one row do not.
//
// want shared "corpus/src/rule_tablerows_tworoots_racy.TestSettle.params"
// known miss "corpus/src/rule_tablerows_tworoots_racy.TestSettle.params" "found only at possible confidence: the two subtests of one iteration share its row, but the reader reaches the map through a helper's parameter and that pair is not witnessed; the writer's pair with itself is on different rows"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

// settle counts the parameters that are on.
func settle(p map[string]string) int {
	if p["standby"] == "on" {
		return 1
	}
	return 0
}

func main() { fmt.Println(settle(nil)) }
