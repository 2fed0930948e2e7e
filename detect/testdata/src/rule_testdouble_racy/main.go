// The harness of rule_testdouble, with a test that adds an action while
// Run's goroutine ranges over the map: a real race, on a map of a type in
// a test-helper package, which mapfix reports as possible only (the price
// of not reporting rule_testdouble, nor alertmanager's harness).
//
// known miss "corpus/src/rule_testdouble_racy/acceptancetest.Harness.actions" "a map of a test double (a type of a test-helper package) is possible at most"
// want shared "corpus/src/rule_testdouble_racy/acceptancetest.Harness.actions"
// verified: go test -race reports DATA RACE (10 of 10 runs); go run -race reports no race (10 of 10 runs)
package main

import "fmt"

func main() {
	fmt.Println("see main_test.go")
}
