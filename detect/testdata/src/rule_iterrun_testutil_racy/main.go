// The harness of rule_iterrun_testutil, but one harness serves every
// round: the next round's Do writes the map the last round's goroutine
// may still be ranging over.
//
// want shared "corpus/src/rule_iterrun_testutil_racy/testutil.Harness.actions"
// vet miss "corpus/src/rule_iterrun_testutil_racy/testutil.Harness.actions" "the analyzer sees testutil apart from the test that calls Do after Run, and test support's exported API is not taken as callable at any time"
// verified: go test -race reports DATA RACE
package main

import "fmt"

func add(a, b int) int { return a + b }

func main() { fmt.Println(add(1, 2)) }
