// rule_iterrun's harness in a package of test support (testutil, which
// only tests import): each round of the test makes its own harness, so
// the next round's Do writes the next round's map, not the one the last
// round's goroutine reads. Do is exported, but not API that anyone may
// call at any time: only the tests call it, on harnesses they make.
//
// want none
// verified: go test -race reports no race (10 runs)
package main

import "fmt"

func add(a, b int) int { return a + b }

func main() { fmt.Println(add(1, 2)) }
