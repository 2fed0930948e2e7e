// Package main keeps tallies.
//
// want shared "corpus/src/rule_tablerows_deref_racy.TestTally.m"
// verified: go test -race reports DATA RACE (a reviewer's program, found hidden by a new rule)
package main

import "fmt"

type config struct{ m map[string]int }

func main() { fmt.Println(len(config{}.m)) }
