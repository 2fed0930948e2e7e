// Each row names its backends in a map of pointers; the subtest ranges
// over that map and swaps the test's one defaults map into every backend
// whose params are short. A map is taken as holding no pointers, so a
// range over a row's map of pointers is not asked.
//
// want shared "corpus/src/rule_tablerows_mapofptr_racy.backend.params"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type backend struct{ params map[string]string }

type row struct {
	name     string
	backends map[string]*backend
}

func settle(p map[string]string) string { return fmt.Sprint(len(p)) }

func main() { fmt.Println(settle(nil)) }
